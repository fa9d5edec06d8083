using System;
using System.Collections.Generic;
using System.Diagnostics;
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
    /// P3a-scale: the scale-out a PostgreSQL store allows (issue 24). P3a's small files, split over four buckets, are
    /// synced into one PostgreSQL store by four processes at once, one bucket each, as four runbooks would; against
    /// one process syncing all four buckets into a store of its own. Each process syncs at throttle 16, without
    /// embeddings, with a key of its own (so a data source of its own: see <see cref="AddSharedKeyRun"/> for why).
    /// The four begin their measured spans together (<see cref="StartGate"/>), after their warm-ups and with their
    /// store open; their time is from the first begin to the last end. Target: ≤ 0.5 × one process.
    /// </summary>
    internal sealed class P3ScaleOutCase : IBenchCase
    {
        public const double Target = 0.5;

        public string Id => "P3a-scale";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var postgres = context.RequirePostgres();
            var buckets = Enumerable.Range(0, Corpus.ScaleOutParts).Select(Corpus.SmallFilesPartBucket).ToList();
            var files = options.SmallFiles / Corpus.ScaleOutParts * Corpus.ScaleOutParts;
            var singles = new List<ChildResult>();
            var groups = new List<ScaleOutRun>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var single = context.Request(FileSyncWork.Name, context.Files, null, postgres.CreateDatabase($"p3a_scale_one_{rep}"));
                single.Buckets = buckets;
                try
                {
                    singles.Add(await context.Children.RunAsync(single, "p3a-scale-one").ConfigureAwait(false));
                }
                finally
                {
                    postgres.DropDatabases();
                }

                try
                {
                    groups.Add(await RunGroupAsync(context, postgres.CreateDatabase($"p3a_scale_four_{rep}"), buckets, context.FilesKeys, $"{rep}").ConfigureAwait(false));
                }
                finally
                {
                    postgres.DropDatabases();
                }

                context.Log($"P3a-scale rep {rep}: one process {Format.Seconds(singles[^1].Seconds)} ({singles[^1].Metric("ready"):N0} ready, client CPU {Format.Seconds(singles[^1].CpuSeconds)}, PostgreSQL CPU {Format.Seconds(singles[^1].PostgresCpuSeconds)}); "
                    + $"{buckets.Count} processes {Format.Seconds(groups[^1].Seconds)} ({groups[^1].Ready:N0} ready, client CPU {Format.Seconds(groups[^1].ClientCpuSeconds)}, PostgreSQL CPU {Format.Seconds(groups[^1].PostgresCpuSeconds)})");
            }

            var singleMedian = Stats.Median(singles.Select(r => r.Seconds).ToList());
            var groupMedian = Stats.Median(groups.Select(g => g.Seconds).ToList());
            var ratio = groupMedian / singleMedian;
            var allReady = singles.All(r => r.Metric("failed") == 0 && r.Metric("ready") == files) && groups.All(g => g.Failed == 0 && g.Ready == files);
            var row = new ResultRow
            {
                Case = "P3a-scale file sync, 4 processes into one PostgreSQL store",
                Data = $"{Format.Count(files)} × ~4 KiB text files in {buckets.Count} buckets of {Format.Count(files / buckets.Count)}; one process per bucket, throttle {options.Throttle} each",
                CarbonSpaces = Format.Seconds(groupMedian),
                Reference = $"one process syncing all {buckets.Count} buckets {Format.Seconds(singleMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = $"≤ {Target:0.0} × one process",
                Met = ratio <= Target && allReady,
                PeakRss = $"{Format.Mebibytes(groups.Max(g => g.PeakRssBytes))} each (one process: {Format.Mebibytes(singles.Max(r => r.PeakRssBytes))})",
                Requests = Format.Requests(Sum(groups[0].Children.Select(c => c.Requests)), "ListObjectsV2", "GetObject"),
            };
            row.Details.Add($"{buckets.Count} processes: {Format.Times(groups.Select(g => g.Seconds))}, each process's span {string.Join("; ", groups.Select(g => Format.Times(g.Children.Select(c => c.Seconds))))}; their spans began within {Format.Times(groups.Select(g => g.BeginSpreadSeconds))} of each other");
            row.Details.Add($"one process: {Format.Times(singles.Select(r => r.Seconds))}; first and last GET {Format.Times(singles.Select(r => r.Metric("firstGetSeconds")))} / {Format.Times(singles.Select(r => r.Metric("lastGetSeconds")))}; {Format.Count(singles[0].Metric("chunks"))} chunks");
            row.Details.Add(Bound(singles, groups));
            await AddSharedKeyRun(context, postgres, buckets, files, row).ConfigureAwait(false);
            context.Rows.Add(row);
        }

        /// <summary>
        /// The same four processes once more, all with the same key: one data source, as four runbooks with the same
        /// credentials would be. A file sync also builds every file of its data source still unfinished when it has
        /// queued its own targets (a stopped run's leftovers, FileSyncService.AddUnfinished), and here those are the
        /// files the other processes queued and are building: files are built more than once. Shown, not targeted.
        /// </summary>
        private static async Task AddSharedKeyRun(BenchContext context, PostgresServer postgres, IReadOnlyList<string> buckets, int files, ResultRow row)
        {
            try
            {
                var shared = await RunGroupAsync(context, postgres.CreateDatabase("p3a_scale_shared"), buckets, buckets.Select(_ => context.Files).ToList(), "shared").ConfigureAwait(false);
                var gets = shared.Children.Select(c => c.Requests.TryGetValue("GetObject", out var n) ? n : 0).ToList();
                row.Details.Add($"the same {buckets.Count} processes with one key between them (one data source): {Format.Seconds(shared.Seconds)}, GetObject {string.Join(" + ", gets.Select(n => Format.Count(n)))} = {Format.Count(gets.Sum())} for {Format.Count(files)} files: "
                    + "each sync also builds the files of its data source left unfinished, which are the ones the other processes queued and are still building, so they are built more than once");
            }
            catch (InvalidOperationException ex)
            {
                row.Details.Add("the same processes with one key between them failed: " + ex.Message.Split('\n')[0]);
            }
            finally
            {
                postgres.DropDatabases();
            }
        }

        /// <summary>
        /// One child for each bucket, with the account of the same position, into one store made ready first (schema,
        /// data sources) so that they do not race to create them.
        /// </summary>
        private static async Task<ScaleOutRun> RunGroupAsync(BenchContext context, string store, IReadOnlyList<string> buckets, IReadOnlyList<S3Account> accounts, string name)
        {
            foreach (var account in accounts.Distinct())
            {
                using (await EngineSession.OpenAsync(store, account, new ChildRequest().CustomerId).ConfigureAwait(false))
                {
                }
            }

            var gate = Path.Combine(context.Options.WorkDirectory, "gates", $"p3a-scale-{name}");
            Directory.CreateDirectory(Path.GetDirectoryName(gate)!);
            var children = buckets.Select((bucket, part) =>
            {
                var request = context.Request(FileSyncWork.Name, accounts[part], bucket, store);
                request.Environment[ChildResult.StartGateVariable] = gate;
                return context.Children.RunAsync(request, $"p3a-scale-{name}-{part + 1}");
            }).ToList();
            await StartGate.OpenWhenReadyAsync(gate, children).ConfigureAwait(false);
            var results = await Task.WhenAll(children).ConfigureAwait(false);
            return new ScaleOutRun(results);
        }

        private static Dictionary<string, long> Sum(IEnumerable<Dictionary<string, long>> counts) =>
            counts.SelectMany(c => c).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Sum(p => p.Value));

        /// <summary>
        /// On this machine the clients, the PostgreSQL server and the S3 server share the same cores: their CPU together
        /// over the cores is the shortest either run could take, so four processes can gain only what one process left idle.
        /// </summary>
        private static string Bound(IReadOnlyList<ChildResult> singles, IReadOnlyList<ScaleOutRun> groups)
        {
            var cores = Environment.ProcessorCount;
            var singleClient = Stats.Median(singles.Select(r => r.CpuSeconds));
            var singlePostgres = Stats.Median(singles.Select(r => r.PostgresCpuSeconds));
            var singleS3 = Stats.Median(singles.Select(r => r.ServerCpuSeconds));
            var singleTotal = singleClient + singlePostgres + singleS3;
            var singleSeconds = Stats.Median(singles.Select(r => r.Seconds));
            var groupClient = Stats.Median(groups.Select(g => g.ClientCpuSeconds));
            var groupPostgres = Stats.Median(groups.Select(g => g.PostgresCpuSeconds));
            var groupS3 = Stats.Median(groups.Select(g => g.ServerCpuSeconds));
            var groupTotal = groupClient + groupPostgres + groupS3;
            var groupSeconds = Stats.Median(groups.Select(g => g.Seconds));
            return $"CPU by side (medians): one process: client {Format.Seconds(singleClient)} + PostgreSQL server {Format.Seconds(singlePostgres)} + S3 server {Format.Seconds(singleS3)} = {Format.Seconds(singleTotal)}, "
                + $"{Format.Number(singleTotal / singleSeconds, "0.00")} of {cores} cores busy; {groups[0].Children.Count} processes: clients {Format.Seconds(groupClient)} + PostgreSQL server {Format.Seconds(groupPostgres)} + S3 server {Format.Seconds(groupS3)} = {Format.Seconds(groupTotal)}, "
                + $"{Format.Number(groupTotal / groupSeconds, "0.00")} of {cores} cores busy. Over {cores} cores that CPU is a floor of {Format.Seconds(groupTotal / cores)} for the {groups[0].Children.Count} processes: "
                + $"a ratio of at least {Format.Ratio(groupTotal / cores / singleSeconds)} on this machine, whatever the store does (other work on the machine not counted)";
        }

        /// <summary>One run of the four processes: from the first measured span's begin to the last one's end.</summary>
        private sealed class ScaleOutRun
        {
            public ScaleOutRun(IReadOnlyList<ChildResult> children)
            {
                Children = children;
                var began = children.Min(c => c.BeganAt);
                var last = children.OrderBy(c => c.EndedAt).Last();
                Seconds = Stopwatch.GetElapsedTime(began, last.EndedAt).TotalSeconds;
                BeginSpreadSeconds = Stopwatch.GetElapsedTime(began, children.Max(c => c.BeganAt)).TotalSeconds;
                ClientCpuSeconds = children.Sum(c => c.CpuSeconds);

                // The servers are shared: the child that ended last read them over (nearly) the whole span, as the spans began together.
                PostgresCpuSeconds = last.PostgresCpuSeconds;
                ServerCpuSeconds = last.ServerCpuSeconds;
                Ready = children.Sum(c => c.Metric("ready"));
                Failed = children.Sum(c => c.Metric("failed"));
                PeakRssBytes = children.Max(c => c.PeakRssBytes);
            }

            public IReadOnlyList<ChildResult> Children { get; }

            public double Seconds { get; }

            public double BeginSpreadSeconds { get; }

            public double ClientCpuSeconds { get; }

            public double PostgresCpuSeconds { get; }

            public double ServerCpuSeconds { get; }

            public double Ready { get; }

            public double Failed { get; }

            public long PeakRssBytes { get; }
        }
    }
}
