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
    /// P1: first items sync of one bucket (Sync-CarbonItem) against `rclone lsf -R --fast-list`,
    /// at a tenth of the scale and at the full scale, to show that peak memory stays flat.
    /// </summary>
    internal sealed class P1ItemsSyncCase : IBenchCase
    {
        /// <summary>"Flat" memory: 10× the objects may cost at most this much more peak RSS.</summary>
        public const double FlatMemoryGrowth = 1.25;

        public string Id => "P1";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            long smallPeak = -1;
            foreach (var (count, bucket) in new[] { (options.SmallScale, Corpus.ItemsSmallBucket), (options.Scale, Corpus.ItemsBucket) })
            {
                var ours = new List<ChildResult>();
                var theirs = new List<RcloneRun>();
                var stores = context.ItemStores[count] = new List<string>();
                for (var rep = 1; rep <= options.Repetitions; rep++)
                {
                    var store = context.StorePath($"p1-{count}-{rep}");
                    var result = await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, context.Items, bucket, store), $"p1-{count}-cs").ConfigureAwait(false);
                    ours.Add(result);
                    stores.Add(store);
                    var rclone = await context.Rclone.ListAsync(context.Items, bucket).ConfigureAwait(false);
                    theirs.Add(rclone);
                    var listed = RcloneRunner.CountObjects(rclone.OutputPath);
                    context.Log($"P1 {count:N0} rep {rep}: CarbonSpaces {Format.Seconds(result.Seconds)} ({result.Metric("objects"):N0} objects, peak {Format.Mebibytes(result.PeakRssBytes)}), rclone lsf {Format.Seconds(rclone.Seconds)} ({listed:N0} objects)");
                    if (result.Metric("objects") != count || listed != count)
                    {
                        context.Notes.Add($"P1 {count:N0}: expected {count:N0} objects; CarbonSpaces synced {result.Metric("objects"):N0}, rclone listed {listed:N0}.");
                    }
                }

                var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
                var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
                var ratio = ourMedian / theirMedian;
                var peak = ours.Max(r => r.PeakRssBytes);
                var row = new ResultRow
                {
                    Case = "P1 items sync",
                    Data = $"{Format.Count(count)} objects, 1 bucket",
                    CarbonSpaces = Format.Seconds(ourMedian),
                    Reference = $"rclone lsf {Format.Seconds(theirMedian)}",
                    Ratio = Format.Ratio(ratio),
                    Target = "ratio ≤ 1.05",
                    Met = ratio <= 1.05,
                    PeakRss = Format.Mebibytes(peak),
                    Requests = Format.Requests(ours[0].Requests, "ListObjectsV2"),
                };
                if (count == options.SmallScale)
                {
                    smallPeak = peak;
                }
                else if (smallPeak > 0)
                {
                    var growth = (double)peak / smallPeak;
                    row.Target = $"ratio ≤ 1.05; peak RSS flat (≤ {FlatMemoryGrowth:0.##}× the {Format.Count(options.SmallScale)}-object peak)";
                    row.Met = ratio <= 1.05 && growth <= FlatMemoryGrowth;
                    row.PeakRss += $" ({Format.Number(growth, "0.00")}× {Format.Mebibytes(smallPeak)})";
                }

                if (count == options.Scale && ColdFigures.Available(context, row))
                {
                    await AddColdAsync(context, bucket, count, row).ConfigureAwait(false);
                }

                row.Details.Add($"CarbonSpaces runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}; the JIT compiler {Format.Jit(ours)}); last ListObjectsV2 sent at {Format.Times(ours.Select(r => r.Metric("lastListRequestSeconds")))} (the rest is writing the pages still queued); peak RSS {string.Join(", ", ours.Select(r => Format.Mebibytes(r.PeakRssBytes)))}");
                row.Details.Add($"rclone runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))}); rclone peak RSS {Format.Mebibytes(theirs.Max(r => r.PeakRssBytes))}");
                context.Rows.Add(row);
            }
        }

        /// <summary>Sync-CarbonItem into a new store as a new pwsh's first work, alternating with rclone lsf (a new process anyway).</summary>
        private static async Task AddColdAsync(BenchContext context, string bucket, int count, ResultRow row)
        {
            var ours = new List<ColdRun>();
            var theirs = new List<RcloneRun>();
            for (var rep = 1; rep <= context.Options.Repetitions; rep++)
            {
                var store = context.StorePath($"p1-{count}-cold-{rep}");
                var run = await context.Cold.RunAsync("items-sync", context.Items, bucket, store, context.Options.Throttle, $"p1-{count}-cold").ConfigureAwait(false);
                ours.Add(run);
                context.StorePath($"p1-{count}-cold-{rep}"); // deletes the store: only its time was wanted
                var rclone = await context.Rclone.ListAsync(context.Items, bucket).ConfigureAwait(false);
                theirs.Add(rclone);
                context.Log($"P1 {count:N0} cold rep {rep}: CarbonSpaces {Format.Seconds(run.CmdletSeconds)} (start-up {Format.Seconds(run.StartupSeconds)}, {run.Count("objects"):N0} objects), rclone lsf {Format.Seconds(rclone.Seconds)}");
            }

            var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
            row.Conditions.Add(ColdFigures.Figures(ours, $"rclone lsf {Format.Seconds(theirMedian)}", theirMedian, 1.05, ours.All(r => r.Count("objects") == count)));
            row.Details.Add(ColdFigures.Details("Sync-CarbonItem into a new store", ours));
            row.Details.Add($"cold rclone lsf runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))})");
        }
    }
}
