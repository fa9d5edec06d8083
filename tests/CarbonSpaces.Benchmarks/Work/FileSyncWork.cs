using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>P3a/P3b, the Start-CarbonFileSync path: FileSyncService.SyncAsync of a whole bucket at the request's throttle.</summary>
    internal sealed class FileSyncWork : IWork
    {
        public const string Name = "file-sync";

        public static Task<FileSyncSummary> SyncAsync(EngineSession session, string bucket, int throttle) => SyncAsync(session, new[] { bucket }, throttle);

        public static async Task<FileSyncSummary> SyncAsync(EngineSession session, IReadOnlyList<string> buckets, int throttle)
        {
            // Without embeddings, as both references (rclone copy, a raw FTS5 build) do: P8 measures the local model.
            var request = new FileSyncRequest { DataSourceId = session.DataSourceId, Targets = buckets.Select(b => SyncTarget.Under(b)).ToArray(), ThrottleLimit = throttle, Options = new FileSyncOptions { SkipEmbeddingGeneration = true } };
            return await session.Engine.FileSync.SyncAsync(request, _ => { }, SilentReporter.Instance, CancellationToken.None).ConfigureAwait(false);
        }

        /// <summary>Prepares a warm-up store of files (see <see cref="WarmStore"/>).</summary>
        public static Task SyncWarmBucketAsync(EngineSession session, ChildRequest request) => SyncAsync(session, request.WarmBucket, request.Throttle);

        public async Task WarmUpAsync(ChildRequest request)
        {
            using var session = await EngineSession.OpenWarmUpAsync(WorkCatalog.ScratchStore(request, "warm-files"), request).ConfigureAwait(false);
            await SyncWarmBucketAsync(session, request).ConfigureAwait(false);
        }

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            var tally = new RequestTally();
            using var session = await EngineSession.OpenAsync(request.StorePath, request.Account, request.CustomerId, tally).ConfigureAwait(false);
            tally.Start();
            result.Begin();
            var buckets = request.Buckets.Count > 0 ? request.Buckets : new List<string> { request.Bucket! };
            var summary = await SyncAsync(session, buckets, request.Throttle).ConfigureAwait(false);
            result.End();
            tally.Stop();

            result.Requests = tally.Counts();
            result.Metrics["files"] = summary.Files;
            result.Metrics["ready"] = summary.Ready;
            result.Metrics["failed"] = summary.Failed + summary.FailedTargets;
            if (tally.Span("GetObject") is { } downloads)
            {
                result.Metrics["firstGetSeconds"] = downloads.First;
                result.Metrics["lastGetSeconds"] = downloads.Last;
            }

            var files = session.Engine.Files.Query(new FileQuery { Buckets = buckets.ToArray() });
            result.Metrics["chunks"] = files.Sum(f => (double)f.Chunks);
            result.Metrics["bytes"] = files.Sum(f => (double)(f.Size ?? 0));
            result.Metrics["storeBytes"] = StoreBytes(request.StorePath);
        }

        /// <summary>The store's size: its files (with the write-ahead log), or its PostgreSQL database.</summary>
        public static double StoreBytes(string path) =>
            PostgresServer.IsStore(path)
                ? PostgresServer.DatabaseBytes(path)
                : new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => (double)new FileInfo(p).Length);
    }
}
