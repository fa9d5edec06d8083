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
    /// P3a-r: P3a's file sync of the small files against a far endpoint, against `rclone copy
    /// --transfers N` through the same proxy, at the same throttle. The first repetition also syncs
    /// at half and at twice the throttle, to show where the default -ThrottleLimit stands. The sync
    /// runs with -SkipEmbeddingGeneration: what it measures is moving the files, and the local
    /// model's embeddings (P8: 20 chunks/s on these 2 cores) would take many times rclone's whole run.
    /// </summary>
    internal sealed class FarFileSyncCase : IBenchCase
    {
        public const double Target = 1.0;

        public string Id => "P3a-r";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var account = context.Far.Files;
            var ours = new List<ChildResult>();
            var theirs = new List<RcloneRun>();
            var throttles = new List<string>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var store = context.StorePath($"p3a-r-{rep}");
                var result = await context.Children.RunAsync(Sync(context, account, store, options.Throttle), "p3a-r-cs").ConfigureAwait(false);
                ours.Add(result);
                context.FarFilesStore = store;
                var rclone = await context.Rclone.CopyAsync(account, Corpus.SmallFilesBucket, options.Throttle).ConfigureAwait(false);
                theirs.Add(rclone);
                context.Log($"P3a-r rep {rep}: CarbonSpaces {Format.Seconds(result.Seconds)} ({result.Metric("ready"):N0} ready, {result.Metric("failed"):N0} failed; {Format.Requests(result.Requests)}), rclone copy {Format.Seconds(rclone.Seconds)}");
                if (rep == 1)
                {
                    foreach (var throttle in new[] { options.Throttle / 2, options.Throttle * 2 })
                    {
                        var request = Sync(context, account, context.StorePath($"p3a-r-throttle-{throttle}"), throttle);
                        try
                        {
                            var other = await context.Children.RunAsync(request, $"p3a-r-cs-{throttle}").ConfigureAwait(false);
                            throttles.Add($"{throttle}: {Format.Seconds(other.Seconds)}");
                            context.Log($"P3a-r at throttle {throttle}: {Format.Seconds(other.Seconds)}");
                        }
                        catch (System.InvalidOperationException ex)
                        {
                            // An aid to the row, not its measure: its failure is noted, the row stands.
                            throttles.Add($"{throttle}: failed ({ex.Message.Split('\n')[0]})");
                        }

                        System.IO.File.Delete(request.StorePath);
                    }
                }
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
            var ratio = ourMedian / theirMedian;
            var row = new ResultRow
            {
                Case = "P3a-r file sync, small files, far",
                Data = $"{Format.Count(options.SmallFiles)} × ~4 KiB text files, {context.Far.Describe()}; -SkipEmbeddingGeneration",
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"rclone copy --transfers {options.Throttle} {Format.Seconds(theirMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = $"ratio ≤ {Target:0.0}",
                Met = ratio <= Target && ours.All(r => r.Metric("failed") == 0),
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(ours[0].Requests, "ListObjectsV2", "GetObject"),
            };
            row.Details.Add($"CarbonSpaces runs at throttle {options.Throttle}: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); first GET at {Format.Times(ours.Select(r => r.Metric("firstGetSeconds")))}, last at {Format.Times(ours.Select(r => r.Metric("lastGetSeconds")))}");
            row.Details.Add($"the same sync at other throttles (first repetition): {string.Join(", ", throttles)}");
            row.Details.Add($"rclone copy runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))})");
            row.Details.Add($"the S3 server's CPU (radosgw and Ceph, same cores) during CarbonSpaces' runs: {Format.Times(ours.Select(r => r.ServerCpuSeconds))}; during rclone's: {Format.Times(theirs.Select(r => r.ServerCpuSeconds))}");
            context.Rows.Add(row);
        }

        /// <summary>A file sync of a bucket, the small files' unless told (P4r resyncs such stores).</summary>
        public static ChildRequest Sync(BenchContext context, S3Account account, string store, int throttle, string bucket = Corpus.SmallFilesBucket)
        {
            var request = context.Request(FileSyncWork.Name, account, bucket, store);
            request.Throttle = throttle;
            return request;
        }
    }
}
