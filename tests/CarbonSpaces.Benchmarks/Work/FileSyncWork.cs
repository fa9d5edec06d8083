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

        /// <summary>The <see cref="ChildRequest.Mode"/> of a sync with -SkipEmbeddingGeneration: what moves the files and indexes their words, without the local model.</summary>
        public const string WithoutEmbeddings = "without-embeddings";

        public static async Task<FileSyncSummary> SyncAsync(EngineSession session, string bucket, int throttle, bool embed = true)
        {
            var request = new FileSyncRequest
            {
                DataSourceId = session.DataSourceId,
                Targets = new[] { SyncTarget.Under(bucket) },
                ThrottleLimit = throttle,
                Options = new FileSyncOptions { SkipEmbeddingGeneration = !embed },
            };
            return await session.Engine.FileSync.SyncAsync(request, _ => { }, SilentReporter.Instance, CancellationToken.None).ConfigureAwait(false);
        }

        /// <summary>Prepares a warm-up store of files (see <see cref="WarmStore"/>).</summary>
        public static Task SyncWarmBucketAsync(EngineSession session, ChildRequest request) => SyncAsync(session, request.WarmBucket, request.Throttle, Embeds(request));

        private static bool Embeds(ChildRequest request) => request.Mode != WithoutEmbeddings;

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
            var summary = await SyncAsync(session, request.Bucket!, request.Throttle, Embeds(request)).ConfigureAwait(false);
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

            var files = session.Engine.Files.Query(new FileQuery { Buckets = new[] { request.Bucket! } });
            result.Metrics["chunks"] = files.Sum(f => (double)f.Chunks);
            result.Metrics["bytes"] = files.Sum(f => (double)(f.Size ?? 0));
            result.Metrics["storeBytes"] = StoreBytes(request.StorePath);
        }

        public static double StoreBytes(string path) =>
            new[] { path, path + "-wal" }.Where(File.Exists).Sum(p => (double)new FileInfo(p).Length);
    }
}
