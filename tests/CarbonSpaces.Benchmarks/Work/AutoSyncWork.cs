using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>P4, the Invoke-CarbonAutoSync -Force path: items sync of the whole data source, then rebuild of what changed (nothing).</summary>
    internal sealed class AutoSyncWork : IWork
    {
        public const string Name = "auto-sync";

        public static async Task<AutoSyncRun?> RunOnceAsync(EngineSession session, string customerId, int throttle)
        {
            AutoSyncRun? last = null;
            await session.Engine.AutoSync.RunAsync(new[] { customerId }, force: true, throttle, run => last = run, SilentReporter.Instance, CancellationToken.None).ConfigureAwait(false);
            return last;
        }

        /// <summary>Files synced, then one auto-sync that lists the items: an unchanged source from then on, as P4 prepares its store.</summary>
        private readonly WarmStore _warmStore = new WarmStore("warm-auto", async (session, request) =>
        {
            await FileSyncWork.SyncWarmBucketAsync(session, request).ConfigureAwait(false);
            await RunOnceAsync(session, WarmStore.CustomerId, request.Throttle).ConfigureAwait(false);
        });

        public async Task WarmUpAsync(ChildRequest request)
        {
            using var session = await _warmStore.OpenAsync(request).ConfigureAwait(false);
            await RunOnceAsync(session, WarmStore.CustomerId, request.Throttle).ConfigureAwait(false);
        }

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            var tally = new RequestTally();
            using var session = await EngineSession.OpenAsync(request.StorePath, request.Account, request.CustomerId, tally).ConfigureAwait(false);
            tally.Start();
            result.Begin();
            var run = await RunOnceAsync(session, request.CustomerId, request.Throttle).ConfigureAwait(false);
            result.End();
            tally.Stop();
            result.Requests = tally.Counts();
            if (run != null)
            {
                result.Metrics["itemsAdded"] = run.ItemsAdded;
                result.Metrics["itemsUpdated"] = run.ItemsUpdated;
                result.Metrics["itemsRemoved"] = run.ItemsRemoved;
                result.Metrics["filesSynced"] = run.FilesSynced;
                result.Metrics["filesResynced"] = run.FilesResynced;
                result.Metrics["filesRemoved"] = run.FilesRemoved;
                result.Metrics["errors"] = run.Errors;
            }
        }
    }
}
