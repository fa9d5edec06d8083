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
    /// P2: items re-sync with nothing changed (the second Sync-CarbonItem over P1's stores) against
    /// raw ListObjectsV2 paging with the AWS SDK and the engine's client settings. No GET allowed.
    /// </summary>
    internal sealed class P2ItemsResyncCase : IBenchCase
    {
        public string Id => "P2";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            foreach (var (count, bucket) in new[] { (options.SmallScale, Corpus.ItemsSmallBucket), (options.Scale, Corpus.ItemsBucket) })
            {
                var stores = await ItemStores.EnsureAsync(context, count, bucket, $"p2-{count}-prep").ConfigureAwait(false);

                var ours = new List<ChildResult>();
                var theirs = new List<ChildResult>();
                for (var rep = 1; rep <= options.Repetitions; rep++)
                {
                    var result = await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, context.Items, bucket, stores[(rep - 1) % stores.Count]), $"p2-{count}-cs").ConfigureAwait(false);
                    ours.Add(result);
                    var raw = await context.Children.RunAsync(context.Request(RawListWork.Name, context.Items, bucket, context.StorePath("unused")), $"p2-{count}-raw").ConfigureAwait(false);
                    theirs.Add(raw);
                    context.Log($"P2 {count:N0} rep {rep}: CarbonSpaces re-sync {Format.Seconds(result.Seconds)} (+{result.Metric("added")} ~{result.Metric("updated")} -{result.Metric("removed")}), raw ListObjectsV2 {Format.Seconds(raw.Seconds)} ({raw.Metric("pages")} pages)");
                }

                var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
                var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
                var ratio = ourMedian / theirMedian;
                var gets = ours.Max(r => r.Requests.GetValueOrDefault("GetObject") + r.Requests.GetValueOrDefault("GetObjectMetadata"));
                var row = new ResultRow
                {
                    Case = "P2 items re-sync, nothing changed",
                    Data = $"{Format.Count(count)} objects, 1 bucket",
                    CarbonSpaces = Format.Seconds(ourMedian),
                    Reference = $"raw ListObjectsV2 {Format.Seconds(theirMedian)}",
                    Ratio = Format.Ratio(ratio),
                    Target = "ratio ≤ 1.05; 0 GETs",
                    Met = ratio <= 1.05 && gets == 0,
                    PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                    Requests = Format.Requests(ours[0].Requests, "ListObjectsV2", "GetObject"),
                };
                row.Details.Add($"CarbonSpaces runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}; the JIT compiler {Format.Jit(ours)}); changes seen: +{ours.Sum(r => r.Metric("added"))} ~{ours.Sum(r => r.Metric("updated"))} -{ours.Sum(r => r.Metric("removed"))}");
                row.Details.Add($"raw ListObjectsV2 runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))}; the JIT compiler {Format.Jit(theirs)}); peak RSS {Format.Mebibytes(theirs.Max(r => r.PeakRssBytes))}");
                if (count == options.Scale && ColdFigures.Available(context, row))
                {
                    await AddColdAsync(context, bucket, count, stores, row).ConfigureAwait(false);
                }

                context.Rows.Add(row);
            }
        }

        /// <summary>The same re-sync as a new pwsh's first work, alternating with the raw listing as a new process's first work.</summary>
        private static async Task AddColdAsync(BenchContext context, string bucket, int count, IReadOnlyList<string> stores, ResultRow row)
        {
            var ours = new List<ColdRun>();
            var theirs = new List<ChildResult>();
            for (var rep = 1; rep <= context.Options.Repetitions; rep++)
            {
                var run = await context.Cold.RunAsync("items-sync", context.Items, bucket, stores[(rep - 1) % stores.Count], context.Options.Throttle, $"p2-{count}-cold").ConfigureAwait(false);
                ours.Add(run);
                var rawRequest = context.Request(RawListWork.Name, context.Items, bucket, context.StorePath("unused"));
                rawRequest.SkipWarmUp = true;
                var raw = await context.Children.RunAsync(rawRequest, $"p2-{count}-raw-cold").ConfigureAwait(false);
                theirs.Add(raw);
                context.Log($"P2 {count:N0} cold rep {rep}: CarbonSpaces re-sync {Format.Seconds(run.CmdletSeconds)} (start-up {Format.Seconds(run.StartupSeconds)}, +{run.Count("added")} ~{run.Count("updated")} -{run.Count("removed")}), raw ListObjectsV2 {Format.Seconds(raw.Seconds)}");
            }

            var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
            var unchanged = ours.All(r => r.Count("added") == 0 && r.Count("updated") == 0 && r.Count("removed") == 0);
            row.Conditions.Add(ColdFigures.Figures(ours, $"raw ListObjectsV2 {Format.Seconds(theirMedian)}", theirMedian, 1.2, unchanged));
            row.Details.Add(ColdFigures.Details("Sync-CarbonItem over P1's store", ours));
            row.Details.Add($"cold raw ListObjectsV2 runs (a new process, client made inside the span): {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))}; the JIT compiler {Format.Jit(theirs)})");
        }
    }
}
