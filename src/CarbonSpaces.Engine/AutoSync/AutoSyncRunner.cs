using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>
    /// Invoke-CarbonAutoSync, the runbook entry point: for each due data source of each enabled
    /// customer, an items sync, then every file whose object changed is rebuilt, new objects under
    /// a bucket or prefix synced whole become files, and files whose object is gone are removed.
    /// Nothing unchanged is downloaded. One data source's failure never stops the others.
    /// </summary>
    public sealed class AutoSyncRunner
    {
        /// <summary>A source due within this much is treated as due, so an hourly runbook does not miss it by seconds.</summary>
        private static readonly TimeSpan DueSlack = TimeSpan.FromMinutes(5);

        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly SourceConnector _connector;
        private readonly ItemSynchronizer _items;
        private readonly AutoSyncSettings _settings;
        private readonly IDataSourceStore _sources;
        private readonly SourceChanges _changes;
        private readonly FileBuildPipeline _pipeline;

        internal AutoSyncRunner(IStore store, EventLog events, SourceConnector connector, ItemSynchronizer items, AutoSyncSettings settings, FileBuildParts buildParts)
        {
            _store = store;
            _events = events;
            _connector = connector;
            _items = items;
            _settings = settings;
            _sources = store.DataSources;
            _changes = new SourceChanges(store, store.Files);
            _pipeline = new FileBuildPipeline(store, events, buildParts);
        }

        /// <param name="customerIds">Only these customers; null for every customer with auto-sync enabled.</param>
        /// <param name="force">
        /// Ignore the schedule: every data source of the chosen customers runs now. Customers named
        /// in <paramref name="customerIds"/> then run even without an enabled setting.
        /// </param>
        public async Task RunAsync(IReadOnlyCollection<string>? customerIds, bool force, int throttleLimit, Action<AutoSyncRun> onRun, IOperationReporter reporter, CancellationToken cancellation)
        {
            var settings = _settings.Get(customerIds).Where(s => s.Enabled)
                .GroupBy(s => s.CustomerId, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
            var customers = force && customerIds != null ? customerIds.Distinct(StringComparer.OrdinalIgnoreCase).ToList() : settings.Keys.ToList();
            foreach (var customerId in customers)
            {
                cancellation.ThrowIfCancellationRequested();
                settings.TryGetValue(customerId, out var setting);
                var interval = TimeSpan.FromHours(setting?.IntervalHours ?? AutoSyncSetting.DefaultIntervalHours);
                var started = DateTimeOffset.UtcNow;
                var ran = false;
                foreach (var source in _sources.List(customerIds: new[] { customerId }))
                {
                    if (!force && !IsDue(source.Id, interval, started))
                    {
                        reporter.Verbose($"{source.Subject} is not due yet.");
                        continue;
                    }

                    var run = await RunSourceAsync(customerId, source, force ? (TimeSpan?)null : interval, throttleLimit, reporter, cancellation).ConfigureAwait(false);
                    if (run != null)
                    {
                        ran = true;
                        onRun(run);
                    }
                }

                // LastRunAt/NextRunAt describe syncs, not calls of the runbook that found nothing due.
                if (setting != null && ran)
                {
                    _store.AutoSync.RecordRun(customerId, started);
                }
            }
        }

        /// <param name="interval">The schedule to re-check once the data source is held; null when forced.</param>
        private async Task<AutoSyncRun?> RunSourceAsync(string customerId, DataSource source, TimeSpan? interval, int throttleLimit, IOperationReporter reporter, CancellationToken cancellation)
        {
            using var lease = DataSourceLease.TryAcquire(_store, source.Id);
            if (lease == null)
            {
                reporter.Warning($"{source.Subject} is being synced by another run right now; it was left to that run.");
                return null;
            }

            // Another run may have finished this data source between the first check and the lease.
            if (interval.HasValue && !IsDue(source.Id, interval.Value, DateTimeOffset.UtcNow))
            {
                reporter.Verbose($"{source.Subject} was just synced by another run.");
                return null;
            }

            var clock = Stopwatch.StartNew();
            var run = new AutoSyncRun { CustomerId = customerId, DataSourceId = source.Id };
            try
            {
                reporter.Verbose($"Auto-syncing {source.Subject}.");
                var listing = await _items.SyncAsync(source.Id, null, reporter, cancellation).ConfigureAwait(false);
                run.ItemsAdded = listing.Added;
                run.ItemsUpdated = listing.Updated;
                run.ItemsRemoved = listing.Removed;
                run.Errors += listing.FailedBuckets;
                lease.Renew();

                var (changed, gone) = _changes.Compare(source.Id, listing.CompletedBucketNames);
                run.FilesRemoved = Remove(source, gone);
                var created = QueueNewUnderRoots(source);
                run.FilesResynced = changed.Count;
                run.FilesSynced = created.Count;
                reporter.Verbose($"{source.Subject}: {changed.Count} changed file(s) to rebuild, {created.Count} new, {run.FilesRemoved} removed.");

                // Nothing to build, nothing to connect for (a credential from a vault is not asked for twice).
                var jobs = changed.Concat(created).ToList();
                if (jobs.Count > 0)
                {
                    using var connection = _connector.Open(source);
                    var built = await _pipeline.RunAsync(connection.Objects, source, jobs, throttleLimit, _ => lease.RenewWhenHalfSpent(), reporter, cancellation).ConfigureAwait(false);
                    run.Errors += built.Failed;
                }

                MarkSynced(source.Id);
            }
            catch (CarbonSpacesException ex)
            {
                // This data source fails alone: its files and items stay as they were, and the next run tries again.
                run.Errors++;
                reporter.Error(ex);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                // Not foreseen (a busy store, an answer the SDK could not read): still this data source only.
                run.Errors++;
                reporter.Error(new CarbonSpacesException(
                    "CarbonSpaces.AutoSyncFailed",
                    FailureKind.ResourceUnavailable,
                    $"Auto-sync of {source.Subject} failed: {ex.GetType().Name}: {ex.Message} Its files and items were kept; the next run tries again.",
                    source.Id,
                    ex));
            }

            run.Duration = clock.Elapsed;
            return run;
        }

        private int Remove(DataSource source, IReadOnlyList<long> gone)
        {
            if (gone.Count == 0)
            {
                return 0;
            }

            using var transaction = _store.BeginWrite();
            foreach (var id in gone)
            {
                FileRemoval.Remove(_store, _events, id, transaction);
            }

            transaction.Commit();
            return gone.Count;
        }

        private List<FileJob> QueueNewUnderRoots(DataSource source)
        {
            var jobs = new List<FileJob>();
            var queued = new HashSet<string>(StringComparer.Ordinal);
            foreach (var root in _store.Files.SyncRootsOf(source.Id))
            {
                // Roots may overlap (a bucket and a prefix of it): the first root to claim an object gives it its options.
                var found = _changes.NewUnder(source.Id, root).Where(o => queued.Add(root.Bucket + "/" + o.Key)).ToList();
                if (found.Count == 0)
                {
                    continue;
                }

                using var transaction = _store.BeginWrite();
                foreach (var (key, version) in found)
                {
                    var id = _store.Files.Queue(transaction, source, root.Bucket, key, root.Options, root.Id);
                    jobs.Add(new FileJob(id, root.Bucket, key, root.Options, version));
                }

                _events.Append(transaction, EventTypes.FilesCreated, source.Id, null, $"{found.Count} new object(s) under {(root.Prefix.Length == 0 ? $"bucket '{root.Bucket}'" : $"'{root.Bucket}/{root.Prefix}'")} queued by auto-sync.");
                transaction.Commit();
            }

            return jobs;
        }

        private bool IsDue(long dataSourceId, TimeSpan interval, DateTimeOffset now)
        {
            var last = _store.AutoSync.LastAutoSyncedAt(dataSourceId);
            return last == null || last.Value + interval <= now + DueSlack;
        }

        private void MarkSynced(long dataSourceId) => _store.AutoSync.MarkAutoSynced(dataSourceId, DateTimeOffset.UtcNow);
    }
}
