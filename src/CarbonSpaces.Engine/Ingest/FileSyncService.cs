using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Start-CarbonFileSync: turns objects, buckets and prefixes into files. Each file is queued
    /// (QUEUED_FOR_SYNC) in the store before it is built; buckets and prefixes are queued a listing
    /// page at a time while the pipeline already builds the files of the pages before. A run that
    /// is stopped leaves its unfinished files queued, and the next run over the data source finishes them.
    /// </summary>
    public sealed class FileSyncService
    {
        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly SourceConnector _connector;
        private readonly IDataSourceStore _sources;
        private readonly FileBuildPipeline _pipeline;
        private readonly int _pageSize;
        private readonly int _ranges;
        private readonly TimeSpan _rangeLatency;

        internal FileSyncService(IStore store, EventLog events, SourceConnector connector, Connections.S3ClientSettings settings, FileBuildParts buildParts)
        {
            _store = store;
            _events = events;
            _connector = connector;
            _sources = store.DataSources;
            _pipeline = new FileBuildPipeline(store, events, buildParts);
            _pageSize = settings.ListPageSize;
            _ranges = settings.ListingRanges;
            _rangeLatency = settings.ListingRangeLatency;
        }

        /// <param name="onFinished">Called with each file as it reaches its final status (one at a time).</param>
        public async Task<FileSyncSummary> SyncAsync(FileSyncRequest request, Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            request.Options.Validate();
            var source = _sources.Get(request.DataSourceId);
            using var connection = _connector.Open(source);

            // Files are built while the rest is still being listed and queued: the planner and the
            // pipeline's writer report finished files from two flows, so reports take turns.
            var reporting = new object();
            void Report(SyncedFile file)
            {
                lock (reporting)
                {
                    onFinished(file);
                }
            }

            var plan = new SyncPlan();
            using var stopBuilding = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            using var stopPlanning = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var building = _pipeline.RunAsync(connection.Objects, source, plan.Feed, request.ThrottleLimit, Report, reporter, stopBuilding.Token);
            _ = building.ContinueWith(failed => StopPlanning(failed, stopPlanning), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            try
            {
                await PlanAsync(connection.Client, source, request, plan, Report, reporter, stopPlanning.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (building.IsFaulted)
            {
                // The pipeline failed and stopped the planning: its failure is the one to report (below).
            }
            catch
            {
                // Files queued but not built stay queued: the next run over the data source builds them.
                plan.Feed.Complete();
                stopBuilding.Cancel();
                await building.ContinueWith(ended => _ = ended.Exception, TaskScheduler.Default).ConfigureAwait(false);
                throw;
            }

            plan.Feed.Complete();
            var built = await building.ConfigureAwait(false);
            return new FileSyncSummary(plan.Feed.Count + plan.Unchanged.Count, built.Ready, built.Unchanged + plan.Unchanged.Count, built.Failed, plan.FailedTargets);
        }

        /// <summary>
        /// A failed pipeline stops the planning (its failure is observed here: the planner's own may
        /// be the one thrown); by then the run may be over and the source disposed.
        /// </summary>
        private static void StopPlanning(Task failedPipeline, CancellationTokenSource planning)
        {
            _ = failedPipeline.Exception;
            try
            {
                planning.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        /// <summary>Queues every target's files into the plan's feed, and reports those already built from the same version.</summary>
        private async Task PlanAsync(IAmazonS3 client, DataSource source, FileSyncRequest request, SyncPlan plan, Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            foreach (var target in request.Targets)
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    if (target.IsWhole)
                    {
                        await QueueUnderAsync(client, source, target, request.Options, plan, reporter, cancellation).ConfigureAwait(false);
                    }
                    else
                    {
                        await WithStoreAsync(plan, cancellation, () =>
                        {
                            using var transaction = _store.BeginWrite();
                            _store.Files.ForgetRemoval(transaction, source.Id, target.Bucket, target.Key!);
                            Queue(transaction, source, target.Bucket, target.Key!, request.Options, null, null, _store.Files.FindByObject(source.Id, target.Bucket, target.Key!, transaction), plan);
                            RecordCreated(transaction, source, plan);
                            transaction.Commit();
                        }).ConfigureAwait(false);
                    }
                }
                catch (CarbonSpacesException ex)
                {
                    plan.FailedTargets++;
                    reporter.Error(ex);
                }
            }

            IEnumerable<SyncedFile> unchanged = Array.Empty<SyncedFile>();
            await WithStoreAsync(plan, cancellation, () =>
            {
                AddUnfinished(source, plan);
                unchanged = _store.Files.FindMany(plan.Unchanged).Values;
            }).ConfigureAwait(false);
            foreach (var file in unchanged)
            {
                onFinished(file);
            }

            reporter.Verbose($"{source.Subject}: {plan.Feed.Count} file(s) to build, {plan.Unchanged.Count} unchanged.");
        }

        /// <summary>
        /// Uses the store in turn with the pipeline's writer, which shares its connection. The files
        /// <paramref name="use"/> queues go to the pipeline only once it has returned (committed):
        /// a job must never name a row that a rollback took back.
        /// </summary>
        private static async Task WithStoreAsync(SyncPlan plan, CancellationToken cancellation, Action use)
        {
            await plan.Feed.StoreTurn.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                use();
                plan.HandOverStaged();
            }
            finally
            {
                plan.DropStaged();
                plan.Feed.StoreTurn.Release();
            }
        }

        private async Task QueueUnderAsync(IAmazonS3 client, DataSource source, SyncTarget target, FileSyncOptions options, SyncPlan plan, IOperationReporter reporter, CancellationToken cancellation)
        {
            long? rootId = null;
            reporter.Verbose($"Listing {target} for files to sync.");
            // Split at the target's common prefixes when the first page shows a far endpoint.
            var split = _ranges < 2 ? null : new ListingSplit(null, _ranges, _rangeLatency);
            var listing = ListingFeed.Under(client, source, target.Bucket, target.Prefix, null, _pageSize, split, cancellation);
            try
            {
                while (await listing.NextAsync(cancellation).ConfigureAwait(false) is { } page)
                {
                    await WithStoreAsync(plan, cancellation, () =>
                    {
                        using (var transaction = _store.BeginWrite())
                        {
                            // The root is recorded with the first page, once the bucket is known to exist.
                            rootId ??= _store.Files.UpsertSyncRoot(transaction, source.Id, target.Bucket, target.Prefix, options);
                            var objects = page.Objects.Where(o => !ItemPageWriter.IsDirectoryMarker(o)).ToList();
                            if (objects.Count > 0)
                            {
                                // One read and one delete for the page's key range, not one each per object.
                                var firstKey = objects[0].Key;
                                var lastKey = objects[objects.Count - 1].Key;
                                var existing = _store.Files.FindInRange(source.Id, target.Bucket, firstKey, lastKey, transaction);
                                _store.Files.ForgetRemovals(transaction, source.Id, target.Bucket, firstKey, lastKey);
                                foreach (var s3Object in objects)
                                {
                                    var listed = ObjectVersion.Listed(s3Object);
                                    existing.TryGetValue(s3Object.Key, out var file);
                                    Queue(transaction, source, target.Bucket, s3Object.Key, options, rootId, listed, file, plan);
                                }
                            }

                            RecordCreated(transaction, source, plan);
                            transaction.Commit();
                        }
                    }).ConfigureAwait(false);
                }
            }
            finally
            {
                await listing.StopAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Queues one object, unless it is already a ready file built the same way from the same
        /// version (then only its tags change). Without a listed version, a ready file is rebuilt
        /// only if a conditional GET finds the object changed.
        /// </summary>
        /// <param name="existing">The file already made from this object, if any.</param>
        private void Queue(IUnitOfWork transaction, DataSource source, string bucket, string key, FileSyncOptions options, long? rootId, ObjectVersion? listed, SyncedFile? existing, SyncPlan plan)
        {
            if (existing != null && plan.IsChosen(existing.Id))
            {
                // Already chosen by another target of this run (a bucket and one of its objects, overlapping prefixes).
                return;
            }

            var sameBuild = existing != null && existing.SyncStatus == FileStatus.Ready && existing.Options.BuildsSameChunksAs(options);
            if (sameBuild && listed != null && listed.IsVersionOf(existing!))
            {
                _store.Files.UpdateOptions(transaction, existing!.Id, options, rootId);
                plan.StageUnchanged(existing.Id);
                return;
            }

            var id = _store.Files.Queue(transaction, source, bucket, key, options, rootId);
            plan.StageBuild(new FileJob(id, bucket, key, options, listed, sameBuild && listed == null ? existing!.ETag : null), created: existing == null);
        }

        private void AddUnfinished(DataSource source, SyncPlan plan)
        {
            foreach (var file in _store.Files.Unfinished(source.Id).Where(f => !plan.IsChosen(f.Id)))
            {
                plan.StageBuild(new FileJob(file.Id, file.Bucket, file.Key, file.Options), created: false);
            }
        }

        /// <summary>
        /// Records the files the open transaction creates, with them: a run stopped while listing
        /// leaves an event for every file it created, and none for files it did not.
        /// </summary>
        private void RecordCreated(IUnitOfWork transaction, DataSource source, SyncPlan plan)
        {
            if (plan.StagedCreated > 0)
            {
                _events.Append(transaction, EventTypes.FilesCreated, source.Id, null, $"{plan.StagedCreated} file(s) created and queued for sync.");
            }
        }
    }

    /// <summary>What one Start-CarbonFileSync run over a data source did.</summary>
    public sealed class FileSyncSummary
    {
        public FileSyncSummary(int files, int ready, int unchanged, int failed, int failedTargets)
        {
            Files = files;
            Ready = ready;
            Unchanged = unchanged;
            Failed = failed;
            FailedTargets = failedTargets;
        }

        public int Files { get; }

        public int Ready { get; }

        public int Unchanged { get; }

        public int Failed { get; }

        /// <summary>Buckets or prefixes that could not be listed.</summary>
        public int FailedTargets { get; }
    }
}
