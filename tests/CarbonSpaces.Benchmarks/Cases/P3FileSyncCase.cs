using System;
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
            var rclones = new List<RcloneRun>();
            var indexes = new List<ChildResult>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                var store = context.StorePath($"{Id.ToLowerInvariant()}-{rep}");
                var result = await context.Children.RunAsync(context.Request(FileSyncWork.Name, context.Files, bucket, store), $"{Id.ToLowerInvariant()}-cs").ConfigureAwait(false);
                ours.Add(result);
                var rclone = await context.Rclone.CopyAsync(context.Files, bucket, options.Throttle).ConfigureAwait(false);
                rclones.Add(rclone);
                var indexRequest = context.Request(RawIndexWork.Name, context.Files, bucket, context.StorePath($"{Id.ToLowerInvariant()}-raw-{rep}"));
                indexRequest.SourceStorePath = store;
                var index = await context.Children.RunAsync(indexRequest, $"{Id.ToLowerInvariant()}-raw").ConfigureAwait(false);
                indexes.Add(index);
                context.Log($"{Id} rep {rep}: CarbonSpaces {Format.Seconds(result.Seconds)} ({result.Metric("ready"):N0} ready, {result.Metric("failed"):N0} failed, {result.Metric("chunks"):N0} chunks, peak {Format.Mebibytes(result.PeakRssBytes)}), rclone copy {Format.Seconds(rclone.Seconds)}, raw index {Format.Seconds(index.Seconds)}");
                if (_large)
                {
                    context.LargeFilesStore = store;
                }
                else
                {
                    context.SmallFilesStore = store;
                }
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var rcloneMedian = Stats.Median(rclones.Select(r => r.Seconds).ToList());
            var indexMedian = Stats.Median(indexes.Select(r => r.Seconds).ToList());
            var bound = Math.Max(rcloneMedian, indexMedian);
            var ratio = ourMedian / bound;
            var last = ours[^1];
            var row = new ResultRow
            {
                Case = _large ? "P3b file sync, large files" : "P3a file sync, small files",
                Data = data,
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"rclone copy {Format.Seconds(rcloneMedian)}; raw FTS5 index {Format.Seconds(indexMedian)}",
                Ratio = Format.Ratio(ratio) + " of max",
                Target = "≤ 1.2 × max(rclone, raw index)",
                Met = ratio <= 1.2 && ours.All(r => r.Metric("failed") == 0),
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(last.Requests, "ListObjectsV2", "GetObject"),
            };
            var megabytes = last.Metric("bytes") / 1048576.0;
            row.Details.Add($"CarbonSpaces runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); {Format.Count(last.Metric("ready"))} files, {Format.Number(megabytes, "0.0")} MiB, {Format.Count(last.Metric("chunks"))} chunks, store {Format.Mebibytes((long)last.Metric("storeBytes"))}; {Format.Number(megabytes / ourMedian, "0.0")} MiB/s, {Format.Number(last.Metric("ready") / ourMedian, "0.#")} files/s");
            row.Details.Add($"CarbonSpaces sent its first GET at {Format.Times(ours.Select(r => r.Metric("firstGetSeconds")))} and its last at {Format.Times(ours.Select(r => r.Metric("lastGetSeconds")))} into each run (before the first: listing and queueing; after the last: downloading, building and writing what is left)");
            row.Details.Add($"rclone copy runs: {Format.Times(rclones.Select(r => r.Seconds))} ({Format.Cpu(rclones.Select(r => r.CpuSeconds))}); {Format.Number(megabytes / rcloneMedian, "0.0")} MiB/s; peak RSS {Format.Mebibytes(rclones.Max(r => r.PeakRssBytes))}");
            row.Details.Add($"raw FTS5 index runs: {Format.Times(indexes.Select(r => r.Seconds))} ({Format.Cpu(indexes.Select(r => r.CpuSeconds))}); {Format.Count(indexes[^1].Metric("chunks"))} chunks, {Format.Number(indexes[^1].Metric("characters") / 1048576.0 / indexMedian, "0.0")} M characters/s, store {Format.Mebibytes((long)indexes[^1].Metric("storeBytes"))}");
            // What the build of these files costs in CPU before any network or store work: the engine's chunker alone, one thread.
            var phasesRequest = context.Request(ChunkingPhasesWork.Name, context.Files, bucket, context.StorePath("unused"));
            phasesRequest.Count = _large ? -options.LargeFileMebibytes : Math.Min(options.SmallFiles, 2000);
            var phases = await context.Children.RunAsync(phasesRequest, $"{Id.ToLowerInvariant()}-chunking").ConfigureAwait(false);
            var perFile = phases.Seconds / phases.Metric("documents");
            var files = _large ? options.LargeFiles : options.SmallFiles;
            row.Details.Add($"the engine's chunker alone (TextChunker, one thread) on {Format.Count(phases.Metric("documents"))} of these files: {Format.Number(phases.Metric("characters") / 1048576.0 / phases.Seconds, "0.0")} M characters/s, of which Measure (a token count of the whole text) {Format.Number(100 * phases.Metric("measureSeconds") / phases.Seconds, "0")} % and Chunk {Format.Number(100 * phases.Metric("chunkSeconds") / phases.Seconds, "0")} %; for all {Format.Count(files)} files that is {Format.Seconds(perFile * files)} of CPU ({Format.Seconds(perFile * files / Environment.ProcessorCount)} on {Environment.ProcessorCount} cores)");
            context.Rows.Add(row);
        }
    }
}
