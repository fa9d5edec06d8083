using System;
using System.Collections.Generic;
using System.IO;
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
    /// P3a / P3b: Start-CarbonFileSync of a whole bucket at throttle 16, against the slower of its
    /// two limits: `rclone copy --transfers 16` of the same bytes to local disk, and a raw FTS5 build
    /// of the same chunks. Target: ≤ 1.2 × max(rclone, raw index).
    /// </summary>
    internal sealed class P3FileSyncCase : IBenchCase
    {
        private readonly bool _large;

        public P3FileSyncCase(bool large)
        {
            _large = large;
        }

        public string Id => _large ? "P3b" : "P3a";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var bucket = _large ? Corpus.LargeFilesBucket : Corpus.SmallFilesBucket;
            var data = _large
                ? $"{options.LargeFiles} × {options.LargeFileMebibytes} MiB text files"
                : $"{Format.Count(options.SmallFiles)} × ~4 KiB text files";
            var ours = new List<ChildResult>();
            var row0Notes = new List<string>();
            var rclones = new List<RcloneRun>();
            var indexes = new List<ChildResult>();
            var together = new List<BothAtOnceRun>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var store = context.StorePath($"{Id.ToLowerInvariant()}-{rep}");
                var forP4 = _large && rep == options.Repetitions && options.Runs("P4") && context.SmallFilesStore != null;
                if (forP4)
                {
                    // P4 resyncs the whole P3 corpus: this last run adds the large files to a copy of P3a's store (saves a sync).
                    P4ResyncCase.CopyStore(context.SmallFilesStore!, store);
                }

                var result = await context.Children.RunAsync(context.Request(FileSyncWork.Name, context.Files, bucket, store), $"{Id.ToLowerInvariant()}-cs").ConfigureAwait(false);
                ours.Add(result);
                var rclone = await context.Rclone.CopyAsync(context.Files, bucket, options.Throttle).ConfigureAwait(false);
                rclones.Add(rclone);
                var indexNote = "raw index not run this time";
                if (!_large || rep == 1)
                {
                    // Building the large files' index is the run's longest step and varies little (55–59 s
                    // over the runs of 2026-11-21): once keeps the full run under 20 minutes.
                    var indexRequest = context.Request(RawIndexWork.Name, context.Files, bucket, context.StorePath($"{Id.ToLowerInvariant()}-raw-{rep}"));
                    indexRequest.SourceStorePath = store;
                    var index = await context.Children.RunAsync(indexRequest, $"{Id.ToLowerInvariant()}-raw").ConfigureAwait(false);
                    indexes.Add(index);
                    indexNote = $"raw index {Format.Seconds(index.Seconds)}";
                    File.Delete(indexRequest.StorePath);
                }

                if (!_large && rep == 1)
                {
                    // Small files are where the downloads and the index compete for the cores (rclone copies the large ones in 1.5 s).
                    // Once: it says what bounds P3a, not whether it is met, and each run costs half a minute of the run's 20.
                    var bothRequest = context.Request(RawIndexWork.Name, context.Files, bucket, context.StorePath($"{Id.ToLowerInvariant()}-both-{rep}"));
                    bothRequest.SourceStorePath = store;
                    var both = await BothReferencesAtOnce.RunAsync(context, bothRequest, $"{Id.ToLowerInvariant()}-both").ConfigureAwait(false);
                    together.Add(both);
                    indexNote += $", both at once {Format.Seconds(both.Seconds)}";
                    File.Delete(bothRequest.StorePath);
                }

                context.Log($"{Id} rep {rep}: CarbonSpaces {Format.Seconds(result.Seconds)} ({result.Metric("ready"):N0} ready, {result.Metric("failed"):N0} failed, {result.Metric("chunks"):N0} chunks, peak {Format.Mebibytes(result.PeakRssBytes)}), rclone copy {Format.Seconds(rclone.Seconds)}, {indexNote}");
                if (forP4)
                {
                    context.CorpusStore = store;
                    row0Notes.Add($"the last run synced into a copy of P3a's store ({Format.Count(options.SmallFiles)} files already there) so that P4 gets the whole corpus");
                }
                else if (!_large)
                {
                    context.SmallFilesStore = store;
                }
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var rcloneMedian = Stats.Median(rclones.Select(r => r.Seconds).ToList());
            var indexMedian = Stats.Median(indexes.Select(r => r.Seconds).ToList());
            var togetherMedian = Stats.Median(together.Select(r => r.Seconds).ToList());
            var bound = Math.Max(rcloneMedian, indexMedian);
            var ratio = ourMedian / bound;
            var last = ours[0];
            var row = new ResultRow
            {
                Case = _large ? "P3b file sync, large files" : "P3a file sync, small files",
                Data = data,
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"rclone copy {Format.Seconds(rcloneMedian)}; raw FTS5 index {Format.Seconds(indexMedian)}" + (together.Count > 0 ? $"; both at once {Format.Seconds(togetherMedian)}" : string.Empty),
                Ratio = Format.Ratio(ratio) + " of max",
                Target = "≤ 1.2 × max(rclone, raw index)",
                Met = ratio <= 1.2 && ours.All(r => r.Metric("failed") == 0),
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(last.Requests, "ListObjectsV2", "GetObject"),
            };
            row.Details.AddRange(row0Notes);
            var megabytes = last.Metric("bytes") / 1048576.0;
            row.Details.Add($"CarbonSpaces runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); {Format.Count(last.Metric("ready"))} files, {Format.Number(megabytes, "0.0")} MiB, {Format.Count(last.Metric("chunks"))} chunks, store {Format.Mebibytes((long)last.Metric("storeBytes"))}; {Format.Number(megabytes / ourMedian, "0.0")} MiB/s, {Format.Number(last.Metric("ready") / ourMedian, "0.#")} files/s");
            row.Details.Add($"CarbonSpaces sent its first GET at {Format.Times(ours.Select(r => r.Metric("firstGetSeconds")))} and its last at {Format.Times(ours.Select(r => r.Metric("lastGetSeconds")))} into each run (before the first: listing and queueing; after the last: downloading, building and writing what is left)");
            row.Details.Add($"rclone copy runs: {Format.Times(rclones.Select(r => r.Seconds))} ({Format.Cpu(rclones.Select(r => r.CpuSeconds))}); {Format.Number(megabytes / rcloneMedian, "0.0")} MiB/s; peak RSS {Format.Mebibytes(rclones.Max(r => r.PeakRssBytes))}");
            row.Details.Add($"the JIT compiler in CarbonSpaces' measured runs (warm module): {Format.Jit(ours)}");
            row.Details.Add(ServerShare(ours, rclones));
            if (together.Count > 0)
            {
                row.Details.Add($"both references at once (rclone copy started as the raw index began, on the same cores with the S3 server: what downloading these bytes and indexing these chunks take together here): {Format.Times(together.Select(r => r.Seconds))} (rclone {Format.Times(together.Select(r => r.RcloneSeconds))}, index {Format.Times(together.Select(r => r.IndexSeconds))}); CarbonSpaces took {Format.Ratio(ourMedian / togetherMedian)} of that");
            }

            row.Details.Add($"raw FTS5 index runs: {Format.Times(indexes.Select(r => r.Seconds))} ({Format.Cpu(indexes.Select(r => r.CpuSeconds))}); {Format.Count(indexes[^1].Metric("chunks"))} chunks, {Format.Number(indexes[^1].Metric("characters") / 1048576.0 / indexMedian, "0.0")} M characters/s, store {Format.Mebibytes((long)indexes[^1].Metric("storeBytes"))}");
            try
            {
                // What the S3 side costs with the AWS SDK alone (engine client settings, same throttle, bodies dropped, no disk).
                var fetch = await context.Children.RunAsync(context.Request(RawFetchWork.Name, context.Files, bucket, context.StorePath("unused")), $"{Id.ToLowerInvariant()}-sdk-get").ConfigureAwait(false);
                row.Details.Add($"the AWS SDK alone, GET of every object at {options.Throttle} in parallel with the engine's client settings, bodies dropped: {Format.Seconds(fetch.Seconds)} (CPU {Format.Seconds(fetch.CpuSeconds)}, {Format.Number(fetch.CpuSeconds * 1000 / Math.Max(1, fetch.Metric("objects")), "0.00")} ms CPU per object)");

                // What the build of these files costs in CPU before any network or store work: the engine's chunker alone, one thread.
                var phasesRequest = context.Request(ChunkingPhasesWork.Name, context.Files, bucket, context.StorePath("unused"));
                phasesRequest.Count = _large ? -options.LargeFileMebibytes : Math.Min(options.SmallFiles, 2000);
                var phases = await context.Children.RunAsync(phasesRequest, $"{Id.ToLowerInvariant()}-chunking").ConfigureAwait(false);
                var perFile = phases.Seconds / phases.Metric("documents");
                var files = _large ? options.LargeFiles : options.SmallFiles;
                row.Details.Add($"the engine's chunker alone (TextChunker, one thread) on {Format.Count(phases.Metric("documents"))} of these files: {Format.Number(phases.Metric("characters") / 1048576.0 / phases.Seconds, "0.0")} M characters/s, of which Measure (a token count of the whole text) {Format.Number(100 * phases.Metric("measureSeconds") / phases.Seconds, "0")} % and Chunk {Format.Number(100 * phases.Metric("chunkSeconds") / phases.Seconds, "0")} %; for all {Format.Count(files)} files that is {Format.Seconds(perFile * files)} of CPU ({Format.Seconds(perFile * files / Environment.ProcessorCount)} on {Environment.ProcessorCount} cores)");
            }
            catch (InvalidOperationException ex)
            {
                row.Details.Add("profiling aids failed: " + ex.Message.Split('\n')[0]);
            }

            if (!_large && ColdFigures.Available(context, row))
            {
                await AddColdAsync(context, bucket, row).ConfigureAwait(false);
            }

            context.Rows.Add(row);
        }

        /// <summary>
        /// Start-CarbonFileSync as a new pwsh's first work, alternating with rclone copy and the raw
        /// FTS5 build (no warm-up either) of the chunks that run stored.
        /// </summary>
        private async Task AddColdAsync(BenchContext context, string bucket, ResultRow row)
        {
            var options = context.Options;
            var ours = new List<ColdRun>();
            var rclones = new List<RcloneRun>();
            var indexes = new List<ChildResult>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var store = context.StorePath($"{Id.ToLowerInvariant()}-cold-{rep}");
                var run = await context.Cold.RunAsync("file-sync", context.Files, bucket, store, options.Throttle, $"{Id.ToLowerInvariant()}-cold").ConfigureAwait(false);
                ours.Add(run);
                var rclone = await context.Rclone.CopyAsync(context.Files, bucket, options.Throttle).ConfigureAwait(false);
                rclones.Add(rclone);
                var indexRequest = context.Request(RawIndexWork.Name, context.Files, bucket, context.StorePath($"{Id.ToLowerInvariant()}-raw-cold-{rep}"));
                indexRequest.SourceStorePath = store;
                indexRequest.SkipWarmUp = true;
                var index = await context.Children.RunAsync(indexRequest, $"{Id.ToLowerInvariant()}-raw-cold").ConfigureAwait(false);
                indexes.Add(index);
                File.Delete(indexRequest.StorePath);
                context.StorePath($"{Id.ToLowerInvariant()}-cold-{rep}"); // deletes the store: only its time was wanted
                context.Log($"{Id} cold rep {rep}: CarbonSpaces {Format.Seconds(run.CmdletSeconds)} (start-up {Format.Seconds(run.StartupSeconds)}, {run.Count("ready"):N0} ready), rclone copy {Format.Seconds(rclone.Seconds)}, raw index {Format.Seconds(index.Seconds)}");
            }

            var rcloneMedian = Stats.Median(rclones.Select(r => r.Seconds).ToList());
            var indexMedian = Stats.Median(indexes.Select(r => r.Seconds).ToList());
            var allReady = ours.All(r => r.Count("ready") == options.SmallFiles);
            var figures = ColdFigures.Figures(ours, $"rclone copy {Format.Seconds(rcloneMedian)}; raw FTS5 index {Format.Seconds(indexMedian)}", Math.Max(rcloneMedian, indexMedian), 1.2, allReady);
            figures.Ratio += " of max";
            figures.Target = "≤ 1.2 × max(rclone, raw index)";
            row.Conditions.Add(figures);
            row.Details.Add(ColdFigures.Details("Start-CarbonFileSync -SkipEmbeddingGeneration -ThrottleLimit " + options.Throttle + " into a new store", ours));
            row.Details.Add($"cold rclone copy runs: {Format.Times(rclones.Select(r => r.Seconds))} ({Format.Cpu(rclones.Select(r => r.CpuSeconds))}); cold raw FTS5 index runs (a new process, chunks read before the span): {Format.Times(indexes.Select(r => r.Seconds))} (the JIT compiler {Format.Jit(indexes)})");
        }

        /// <summary>
        /// The S3 server runs on the same cores: the CPU each side and the server need together,
        /// spread over every core, is the shortest a run could take.
        /// </summary>
        private static string ServerShare(IReadOnlyList<ChildResult> ours, IReadOnlyList<RcloneRun> rclones)
        {
            var cores = Environment.ProcessorCount;
            var ourServer = Stats.Median(ours.Select(r => r.ServerCpuSeconds).ToList());
            var rcloneServer = Stats.Median(rclones.Select(r => r.ServerCpuSeconds).ToList());
            var ourFloor = (Stats.Median(ours.Select(r => r.CpuSeconds).ToList()) + ourServer) / cores;
            var rcloneFloor = (Stats.Median(rclones.Select(r => r.CpuSeconds).ToList()) + rcloneServer) / cores;
            return $"the S3 server (radosgw and Ceph, same cores) used CPU {Format.Seconds(ourServer)} while CarbonSpaces ran and {Format.Seconds(rcloneServer)} while rclone ran; "
                + $"each side's CPU plus the server's, over {cores} cores, is a floor of {Format.Seconds(ourFloor)} for CarbonSpaces and {Format.Seconds(rcloneFloor)} for rclone";
        }
    }
}
