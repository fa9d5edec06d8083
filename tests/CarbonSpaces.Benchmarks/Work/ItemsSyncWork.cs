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

        public async Task WarmUpAsync(ChildRequest request)
        {
            using var session = await EngineSession.OpenAsync(WorkCatalog.ScratchStore(request, "warm-items"), request.WarmAccount, "warm@example.com").ConfigureAwait(false);
            await session.Engine.ItemSync.SyncAsync(session.DataSourceId, request.WarmBucket, SilentReporter.Instance, CancellationToken.None).ConfigureAwait(false);
            await session.Engine.ItemSync.SyncAsync(session.DataSourceId, request.WarmBucket, SilentReporter.Instance, CancellationToken.None).ConfigureAwait(false);
        }

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
