using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P1/P2, the Sync-CarbonItem path: ItemSynchronizer.SyncAsync over one bucket. A new store
    /// makes it a first sync (P1); the store of an earlier run makes it a re-sync (P2).
    /// </summary>
    internal sealed class ItemsSyncWork : IWork
    {
        public const string Name = "items-sync";

        private readonly WarmStore _resyncStore = new WarmStore("warm-items-resync", SyncWarmBucketAsync);

        /// <summary>Warms the path the run measures only: a first sync into a new store (P1), or a re-sync when the run's store exists (P2).</summary>
        public async Task WarmUpAsync(ChildRequest request)
        {
            using var session = File.Exists(request.StorePath)
                ? await _resyncStore.OpenAsync(request).ConfigureAwait(false)
                : await EngineSession.OpenWarmUpAsync(WorkCatalog.ScratchStore(request, "warm-items"), request).ConfigureAwait(false);
            await SyncWarmBucketAsync(session, request).ConfigureAwait(false);
        }

        private static Task SyncWarmBucketAsync(EngineSession session, ChildRequest request) =>
            session.Engine.ItemSync.SyncAsync(session.DataSourceId, request.WarmBucket, SilentReporter.Instance, CancellationToken.None);

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            var tally = new RequestTally();
            using var session = await EngineSession.OpenAsync(request.StorePath, request.Account, request.CustomerId, tally).ConfigureAwait(false);
            tally.Start();
            result.Begin();
            var synced = await session.Engine.ItemSync.SyncAsync(session.DataSourceId, request.Bucket, SilentReporter.Instance, CancellationToken.None).ConfigureAwait(false);
            result.End();
            tally.Stop();

            result.Requests = tally.Counts();
            result.Metrics["objects"] = synced.Objects;
            result.Metrics["added"] = synced.Added;
            result.Metrics["updated"] = synced.Updated;
            result.Metrics["removed"] = synced.Removed;
            if (tally.Span("ListObjectsV2") is { } listing)
            {
                // When the last page was asked for: the rest of the time is writing the pages still queued.
                result.Metrics["lastListRequestSeconds"] = listing.Last;
            }
        }
    }
}
