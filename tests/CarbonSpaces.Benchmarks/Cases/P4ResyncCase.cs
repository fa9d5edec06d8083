using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P4: Invoke-CarbonResync of every file, and Invoke-CarbonAutoSync -Force, over the unchanged
    /// P3 corpus (P3a's and P3b's files in one store). Targets: no GET, and time ≤ 1.1 × P2's
    /// re-sync of a bucket with a comparable object count (P2 at a tenth of the scale). That
    /// yardstick runs again here, alternating with the two, so that all three meet the same host:
    /// P2's own runs are minutes earlier, and a shared host's speed swings by more than the 10 %.
    /// </summary>
    internal sealed class P4ResyncCase : IBenchCase
    {
        public string Id => "P4";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var store = await PrepareAsync(context).ConfigureAwait(false);
            var itemStores = await ItemStores.EnsureAsync(context, options.SmallScale, Corpus.ItemsSmallBucket, "p4-p2-prep").ConfigureAwait(false);
            var objects = options.SmallFiles + options.LargeFiles;
            var yardsticks = new List<ChildResult>();
            var resyncs = new List<ChildResult>();
            var autos = new List<ChildResult>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var yardstick = await context.Children.RunAsync(context.Request(ItemsSyncWork.Name, context.Items, Corpus.ItemsSmallBucket, itemStores[(rep - 1) % itemStores.Count]), "p4-p2").ConfigureAwait(false);
                yardsticks.Add(yardstick);
                var resync = await context.Children.RunAsync(context.Request(ResyncWork.Name, context.Files, null, store), "p4-resync").ConfigureAwait(false);
                resyncs.Add(resync);
                var auto = await context.Children.RunAsync(context.Request(AutoSyncWork.Name, context.Files, null, store), "p4-autosync").ConfigureAwait(false);
                autos.Add(auto);
                context.Log($"P4 rep {rep}: P2 re-sync {Format.Seconds(yardstick.Seconds)}, resync {Format.Seconds(resync.Seconds)} ({Format.Requests(resync.Requests)}), auto-sync {Format.Seconds(auto.Seconds)} ({Format.Requests(auto.Requests)}; rebuilt {auto.Metric("filesResynced")}, new {auto.Metric("filesSynced")})");
            }

            var headRequest = context.Request(RawFetchWork.Name, context.Files, Corpus.SmallFilesBucket, context.StorePath("unused"));
            headRequest.Mode = RawFetchWork.Head;
            ChildResult? heads = null;
            try
            {
                heads = await context.Children.RunAsync(headRequest, "p4-sdk-head").ConfigureAwait(false);
            }
            catch (System.InvalidOperationException ex)
            {
                context.Notes.Add("P4: the SDK-only HEAD measurement failed: " + ex.Message.Split('\n')[0]);
            }

            var cold = ColdRunner.Unavailable() == null ? await RunColdAsync(context, store).ConfigureAwait(false) : null;
            var p2 = Stats.Median(yardsticks.Select(r => r.Seconds).ToList());
            foreach (var (name, results) in new[] { ("P4 resync (Invoke-CarbonResync, all files)", resyncs), ("P4 auto-sync (Invoke-CarbonAutoSync -Force)", autos) })
            {
                var median = Stats.Median(results.Select(r => r.Seconds).ToList());
                var gets = results.Max(r => r.Requests.GetValueOrDefault("GetObject"));
                var row = new ResultRow
                {
                    Case = name,
                    Data = $"unchanged P3 corpus: {Format.Count(objects)} files",
                    CarbonSpaces = Format.Seconds(median),
                    Reference = $"P2 re-sync of {Format.Count(options.SmallScale)} objects {Format.Seconds(p2)}",
                    Ratio = Format.Ratio(median / p2) + " of P2",
                    Target = "0 GETs; ≤ 1.1 × P2",
                    Met = gets == 0 && median <= 1.1 * p2,
                    PeakRss = Format.Mebibytes(results.Max(r => r.PeakRssBytes)),
                    Requests = Format.Requests(results[0].Requests, "GetObject"),
                };
                row.Details.Add($"runs: {Format.Times(results.Select(r => r.Seconds))} ({Format.Cpu(results.Select(r => r.CpuSeconds))}; the JIT compiler {Format.Jit(results)})");
                if (results == resyncs)
                {
                    row.Details.Add($"P2's re-sync of {Format.Count(options.SmallScale)} objects (Sync-CarbonItem, nothing changed), run before each resync and auto-sync: {Format.Times(yardsticks.Select(r => r.Seconds))} ({Format.Cpu(yardsticks.Select(r => r.CpuSeconds))}; the JIT compiler {Format.Jit(yardsticks)})");
                    var readSeconds = Stats.Median(results.Select(r => r.Metric("readFilesSeconds")).ToList());
                    var readCpu = Stats.Median(results.Select(r => r.Metric("readFilesCpuSeconds")).ToList());
                    row.Details.Add($"reading the {Format.Count(objects)} files alone, every column as the resync returns them (the query Get-CarbonFile runs, warm, the fastest of three after the span): {Format.Seconds(readSeconds)} (CPU {Format.Seconds(readCpu)}); the target leaves {Format.Seconds(0.1 * p2)} over P2");
                }

                if (results == resyncs && heads != null)
                {
                    row.Details.Add($"the AWS SDK alone, HEAD of the {Format.Count(heads.Metric("objects"))} small files at {options.Throttle} in parallel: {Format.Seconds(heads.Seconds)} (CPU {Format.Seconds(heads.CpuSeconds)}): a resync that HEADs every file cannot beat this; P2 lists as many objects with {Format.Count(options.SmallScale / 1000 + 1)} requests");
                }
                if (ColdFigures.Available(context, row) && cold != null)
                {
                    var ours = results == resyncs ? cold.Resyncs : cold.AutoSyncs;
                    var listing = Stats.Median(cold.Listings.Select(r => r.Seconds).ToList());
                    var unchanged = ours.All(r => double.IsNaN(r.Count("filesResynced")) || (r.Count("filesResynced") == 0 && r.Count("filesSynced") == 0 && r.Count("errors") == 0));
                    row.Conditions.Add(ColdFigures.Figures(ours, $"raw ListObjectsV2 of the corpus {Format.Seconds(listing)}", listing, 1.2, unchanged));
                    row.Details.Add(ColdFigures.Details(results == resyncs ? "Get-CarbonFile | Invoke-CarbonResync" : "Invoke-CarbonAutoSync -Force", ours));
                    row.Details.Add($"cold raw ListObjectsV2 of the corpus's buckets (a new process, client made inside the span), run after each pair: {Format.Times(cold.Listings.Select(r => r.Seconds))} (the JIT compiler {Format.Jit(cold.Listings)})");
                }

                context.Rows.Add(row);
            }
        }

        private sealed class ColdRuns
        {
            public List<ColdRun> Resyncs { get; } = new List<ColdRun>();

            public List<ColdRun> AutoSyncs { get; } = new List<ColdRun>();

            public List<ChildResult> Listings { get; } = new List<ChildResult>();
        }

        /// <summary>The resync and the auto-sync each as a new pwsh's first work, alternating with the raw listing of the same buckets as a new process's first work.</summary>
        private static async Task<ColdRuns> RunColdAsync(BenchContext context, string store)
        {
            var runs = new ColdRuns();
            for (var rep = 1; rep <= context.Options.Repetitions; rep++)
            {
                var resync = await context.Cold.RunAsync("resync", context.Files, null, store, context.Options.Throttle, "p4-resync-cold").ConfigureAwait(false);
                runs.Resyncs.Add(resync);
                var auto = await context.Cold.RunAsync("auto-sync", context.Files, null, store, context.Options.Throttle, "p4-autosync-cold").ConfigureAwait(false);
                runs.AutoSyncs.Add(auto);
                var listRequest = context.Request(RawListWork.Name, context.Files, null, context.StorePath("unused"));
                listRequest.SkipWarmUp = true;
                var listing = await context.Children.RunAsync(listRequest, "p4-raw-cold").ConfigureAwait(false);
                runs.Listings.Add(listing);
                context.Log($"P4 cold rep {rep}: resync {Format.Seconds(resync.CmdletSeconds)} ({resync.Count("files")} files), auto-sync {Format.Seconds(auto.CmdletSeconds)} (start-up {Format.Seconds(auto.StartupSeconds)}; rebuilt {auto.Count("filesResynced")}, new {auto.Count("filesSynced")}), raw listing {Format.Seconds(listing.Seconds)} ({listing.Metric("objects")} objects)");
            }

            return runs;
        }

        /// <summary>Copies a closed store (its WAL too, if one was left).</summary>
        public static void CopyStore(string from, string to)
        {
            foreach (var suffix in new[] { string.Empty, "-wal" })
            {
                if (File.Exists(from + suffix))
                {
                    File.Copy(from + suffix, to + suffix, overwrite: true);
                }
            }
        }

        /// <summary>One store with both P3 corpora synced and its items listed once (an unchanged source from then on).</summary>
        private static async Task<string> PrepareAsync(BenchContext context)
        {
            var store = context.StorePath("p4");
            if (context.CorpusStore != null)
            {
                CopyStore(context.CorpusStore, store);
            }
            else
            {
                // P3a/P3b did not run: sync the corpus (not measured).
                await context.Children.RunAsync(context.Request(FileSyncWork.Name, context.Files, Corpus.SmallFilesBucket, store), "p4-prep-small").ConfigureAwait(false);
                await context.Children.RunAsync(context.Request(FileSyncWork.Name, context.Files, Corpus.LargeFilesBucket, store), "p4-prep-large").ConfigureAwait(false);
            }

            var first = await context.Children.RunAsync(context.Request(AutoSyncWork.Name, context.Files, null, store), "p4-prep-autosync").ConfigureAwait(false);
            context.Log($"P4 prepared: first auto-sync {Format.Seconds(first.Seconds)} listed {first.Metric("itemsAdded"):N0} new items ({Format.Requests(first.Requests)})");
            return store;
        }
    }
}
