using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P2r: P2's items re-sync with nothing changed, of the full-scale bucket, against a far
    /// endpoint, against the raw sequential ListObjectsV2 loop through the same proxy. No GET allowed.
    /// </summary>
    internal sealed class FarItemsResyncCase : IBenchCase
    {
        public const double Target = 0.35;

        public string Id => "P2r";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var account = context.Far.Items;
            if (context.FarItemStores.Count == 0)
            {
                // P1r did not run: first syncs through the proxy (not measured), so the stores know the far endpoint.
                for (var rep = 1; rep <= options.Repetitions; rep++)
                {
                    var store = context.StorePath($"p1r-{rep}");
                    await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, account, Corpus.ItemsBucket, store), "p2r-prep").ConfigureAwait(false);
                    context.FarItemStores.Add(store);
                }
            }

            var ours = new List<ChildResult>();
            var theirs = new List<ChildResult>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var store = context.FarItemStores[(rep - 1) % context.FarItemStores.Count];
                var result = await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, account, Corpus.ItemsBucket, store), "p2r-cs").ConfigureAwait(false);
                ours.Add(result);
                var raw = await context.Children.RunAsync(context.Request(RawListWork.Name, account, Corpus.ItemsBucket, context.StorePath("unused")), "p2r-raw").ConfigureAwait(false);
                theirs.Add(raw);
                context.Log($"P2r rep {rep}: CarbonSpaces re-sync {Format.Seconds(result.Seconds)} (+{result.Metric("added")} ~{result.Metric("updated")} -{result.Metric("removed")}; {Format.Requests(result.Requests)}), raw ListObjectsV2 {Format.Seconds(raw.Seconds)} ({raw.Metric("pages")} pages)");
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
            var ratio = ourMedian / theirMedian;
            var gets = ours.Max(r => r.Requests.GetValueOrDefault("GetObject") + r.Requests.GetValueOrDefault("GetObjectMetadata"));
            var row = new ResultRow
            {
                Case = "P2r items re-sync, nothing changed, far",
                Data = $"{Format.Count(options.Scale)} objects, 1 bucket, {context.Far.Describe()}",
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"raw ListObjectsV2, sequential, {Format.Seconds(theirMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = $"ratio ≤ {Target}; 0 GETs",
                Met = ratio <= Target && gets == 0,
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(ours[0].Requests, "ListObjectsV2", "GetObject"),
            };
            row.Details.Add($"CarbonSpaces runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); changes seen: +{ours.Sum(r => r.Metric("added"))} ~{ours.Sum(r => r.Metric("updated"))} -{ours.Sum(r => r.Metric("removed"))}");
            row.Details.Add($"raw ListObjectsV2 runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))}), {theirs[0].Metric("pages")} pages one after another");
            row.Details.Add($"the S3 server's CPU (radosgw and Ceph, same cores) during CarbonSpaces' runs: {Format.Times(ours.Select(r => r.ServerCpuSeconds))}; during the raw loop's: {Format.Times(theirs.Select(r => r.ServerCpuSeconds))}");
            context.Rows.Add(row);
        }
    }
}
