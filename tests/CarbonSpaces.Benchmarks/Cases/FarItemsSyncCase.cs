using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Reference;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P1r: P1's first items sync of the full-scale bucket against a far endpoint (the run's RGW
    /// behind the latency proxy), against `rclone lsf -R --fast-list` through the same proxy.
    /// </summary>
    internal sealed class FarItemsSyncCase : IBenchCase
    {
        public const double Target = 0.5;

        public string Id => "P1r";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var account = context.Far.Items;
            var count = options.Scale;
            var ours = new List<ChildResult>();
            var theirs = new List<RcloneRun>();
            var connections = new List<(int Ours, int Theirs)>();
            context.FarItemStores.Clear();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var store = context.StorePath($"p1r-{rep}");
                var before = context.Far.Connections;
                var result = await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, account, Corpus.ItemsBucket, store), "p1r-cs").ConfigureAwait(false);
                var between = context.Far.Connections;
                ours.Add(result);
                context.FarItemStores.Add(store);
                var rclone = await context.Rclone.ListAsync(account, Corpus.ItemsBucket).ConfigureAwait(false);
                theirs.Add(rclone);
                connections.Add((between - before, context.Far.Connections - between));
                var listed = RcloneRunner.CountObjects(rclone.OutputPath);
                context.Log($"P1r rep {rep}: CarbonSpaces {Format.Seconds(result.Seconds)} ({result.Metric("objects"):N0} objects, {Format.Requests(result.Requests)}), rclone lsf {Format.Seconds(rclone.Seconds)} ({listed:N0} objects)");
                if (result.Metric("objects") != count || listed != count)
                {
                    context.Notes.Add($"P1r: expected {count:N0} objects; CarbonSpaces synced {result.Metric("objects"):N0}, rclone listed {listed:N0}.");
                }
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
            var ratio = ourMedian / theirMedian;
            var row = new ResultRow
            {
                Case = "P1r items sync, far",
                Data = $"{Format.Count(count)} objects, 1 bucket, {context.Far.Describe()}",
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"rclone lsf --fast-list {Format.Seconds(theirMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = $"ratio ≤ {Target}",
                Met = ratio <= Target,
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(ours[0].Requests, "ListObjectsV2"),
            };
            row.Details.Add($"CarbonSpaces runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); last ListObjectsV2 sent at {Format.Times(ours.Select(r => r.Metric("lastListRequestSeconds")))} (the rest is writing the pages still queued)");
            row.Details.Add($"rclone runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))})");
            row.Details.Add($"the S3 server's CPU (radosgw and Ceph, same cores) during CarbonSpaces' runs: {Format.Times(ours.Select(r => r.ServerCpuSeconds))}; during rclone's: {Format.Times(theirs.Select(r => r.ServerCpuSeconds))}");
            row.Details.Add($"connections opened through the proxy per run, CarbonSpaces / rclone: {string.Join(", ", connections.Select(c => $"{c.Ours} / {c.Theirs}"))}");
            context.Rows.Add(row);
        }
    }
}
