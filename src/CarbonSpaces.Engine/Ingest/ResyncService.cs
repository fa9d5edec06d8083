using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Invoke-CarbonResync: asks the source for each object's current version (HEAD, or a listing for many files) and rebuilds
    /// only the files whose object changed, or whose chunking changes, or every one with Force.
    /// An unchanged file costs no download and no write: one HEAD, or its share of a listing page,
    /// and it is reported as soon as its page is read, while the listing goes on.
    /// </summary>
    public sealed class ResyncService
    {
        /// <summary>From this many files of one bucket, a listing is tried before HEAD requests.</summary>
        private const int MinFilesForListing = 20;

        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly SourceConnector _connector;
        private readonly IDataSourceStore _sources;
        private readonly FileBuildPipeline _pipeline;
        private readonly Embedding.StoredChunkEmbedder _storedChunks;
        private readonly S3ClientSettings _settings;

        internal ResyncService(IStore store, EventLog events, SourceConnector connector, S3ClientSettings settings, FileBuildParts buildParts)
        {
            _settings = settings;
            _store = store;
            _events = events;
            _connector = connector;
            _sources = store.DataSources;
            _pipeline = new FileBuildPipeline(store, events, buildParts);
            _storedChunks = new Embedding.StoredChunkEmbedder(store, events, buildParts.Embedder.Models, buildParts.Vectors);
        }

        public async Task ResyncAsync(IReadOnlyCollection<long> fileIds, ResyncRequest request, Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            var ids = fileIds.Distinct().ToList();
            if (request.EmbedsStoredChunksOnly)
            {
                await _storedChunks.EmbedAsync(ReadFiles(ids, request, reporter), request, onFinished, reporter, cancellation).ConfigureAwait(false);
                return;
            }

            var listings = new ResyncListings(_connector, _settings, _store.Files.ListingScopes(ids).Where(s => s.Files >= MinFilesForListing).ToList(), _store.Files);
            try
            {
                StartLargestListing(listings, cancellation);
                var files = ReadFiles(ids, request, reporter);
                foreach (var group in files.GroupBy(f => f.DataSourceId))
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (group.Key == null)
                    {
                        foreach (var orphan in group)
                        {
                            reporter.Error(new CarbonSpacesException(
                                "CarbonSpaces.DataSourceGone",
                                FailureKind.NotFound,
                                $"{orphan.Subject} belongs to a data source that was disconnected, so it cannot be resynced. Connect the endpoint again and sync the object, or remove the file with Remove-CarbonFile.",
                                orphan.Id));
                        }

                        continue;
                    }

                    try
                    {
                        await ResyncSourceAsync(_sources.Get(group.Key.Value), group.ToList(), listings, request, onFinished, reporter, cancellation).ConfigureAwait(false);
                    }
                    catch (CarbonSpacesException ex)
                    {
                        reporter.Error(ex);
                    }
                }
            }
            finally
            {
                await listings.CloseAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Reading ten thousand files from the store takes as long as listing a few pages of their
        /// bucket: the largest bucket's listing starts first and goes on meanwhile.
        /// </summary>
        private void StartLargestListing(ResyncListings listings, CancellationToken cancellation)
        {
            var largest = listings.Largest;
            if (largest == null)
            {
                return;
            }

            try
            {
                listings.StartEarly(_sources.Get(largest.DataSourceId), largest, cancellation);
            }
            catch (CarbonSpacesException)
            {
                // Not connected (a credential that cannot be found …): connecting is tried again
                // with this data source's files, and the failure reported there, in its turn.
            }
        }

        /// <summary>The files to resync, each with the options it is to be resynced with; an unknown id or invalid options are that file's error only.</summary>
        private List<SyncedFile> ReadFiles(IReadOnlyList<long> ids, ResyncRequest request, IOperationReporter reporter)
        {
            var files = new List<SyncedFile>();
            var found = _store.Files.FindMany(ids);
            foreach (var id in ids)
            {
                if (!found.TryGetValue(id, out var file))
                {
                    reporter.Error(SyncedFile.NotFound(id));
                }
                else
                {
                    try
                    {
                        request.Apply(file.Options).Validate();
                        files.Add(file);
                    }
                    catch (CarbonSpacesException ex)
                    {
                        // e.g. a new -ChunkSize not larger than this file's own overlap: this file only.
                        reporter.Error(new CarbonSpacesException(ex.ErrorId, ex.Kind, $"{file.Subject}: {ex.Message}", file.Id, ex));
                    }
                }
            }

            return files;
        }

        private async Task ResyncSourceAsync(
            DataSource source, IReadOnlyList<SyncedFile> files, ResyncListings listings, ResyncRequest request, Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            var connection = listings.ConnectionFor(source);
            var jobs = new List<FileJob>();
            var unchanged = 0;
            try
            {
                await EvaluateAllAsync(
                    connection.Client,
                    source,
                    files,
                    listings,
                    request.ThrottleLimit,
                    (evaluations, wereMarked) => unchanged += Settle(source, evaluations, wereMarked, request, jobs, onFinished, reporter),
                    reporter,
                    cancellation).ConfigureAwait(false);

                // One transaction for the files to rebuild, not one commit each.
                PrepareRebuilds(jobs);
                reporter.Verbose($"{source.Subject}: {unchanged} file(s) unchanged at the source, {jobs.Count} to rebuild.");
                await _pipeline.RunAsync(connection.Objects, source, jobs, request.ThrottleLimit, onFinished, reporter, cancellation).ConfigureAwait(false);
            }
            catch
            {
                // Stopped, or the endpoint failed: files still being asked about go back to how they
                // were. Files found to need a rebuild stay EVALUATING_RESYNC, with the options they
                // are to be rebuilt with, so the next run (resync, file sync or auto-sync) rebuilds them.
                var rebuilding = new HashSet<long>(jobs.Select(j => j.FileId));
                var now = _store.Files.FindMany(files.Select(f => f.Id).ToList());
                Restore(files.Where(f => !rebuilding.Contains(f.Id) && now.TryGetValue(f.Id, out var stored) && stored.SyncStatus == FileStatus.EvaluatingResync).ToList());
                throw;
            }
        }

        /// <summary>
        /// Acts on what the source said about some files: the unchanged ones are reported (and,
        /// if they were marked EVALUATING_RESYNC, ready again in one statement for all of them);
        /// the ones to rebuild join <paramref name="jobs"/>.
        /// </summary>
        /// <returns>How many files were unchanged.</returns>
        private int Settle(DataSource source, IReadOnlyList<Evaluation> evaluations, bool wereMarked, ResyncRequest request, List<FileJob> jobs, Action<SyncedFile> onFinished, IOperationReporter reporter)
        {
            var unchanged = new List<SyncedFile>();
            foreach (var evaluation in evaluations)
            {
                var file = evaluation.File;
                var options = request.Apply(file.Options);
                if (evaluation.Error != null)
                {
                    if (evaluation.ObjectIsGone)
                    {
                        // The chunks stay searchable until the file is removed: the object may come back.
                        Fail(source, file, evaluation.Error);
                    }
                    else
                    {
                        // Nothing was learnt about this object (denied, throttled …): it stays as it was.
                        if (wereMarked)
                        {
                            Restore(new[] { file });
                        }
                    }

                    reporter.Error(evaluation.Error);
                    onFinished(_store.Files.Get(file.Id));
                }
                else if (request.ForcesRebuild || !options.BuildsSameChunksAs(file.Options) || file.SyncStatus != FileStatus.Ready
                         || !evaluation.Current!.IsVersionOf(file))
                {
                    jobs.Add(new FileJob(file.Id, file.Bucket, file.Key, options, evaluation.Current));
                }
                else
                {
                    unchanged.Add(file);
                }
            }

            if (wereMarked && unchanged.Count > 0)
            {
                var readyAt = SetStatus(unchanged, FileStatus.Ready, clearMessage: true);
                foreach (var file in unchanged)
                {
                    file.SyncStatus = FileStatus.Ready;
                    file.SyncErrorMessage = null;
                    file.UpdatedAt = readyAt;
                }
            }

            foreach (var file in unchanged)
            {
                onFinished(file);
            }

            return unchanged.Count;
        }

        /// <summary>
        /// Asks the source for every file's current version and hands the answers to
        /// <paramref name="settle"/> batch by batch. Many files of one bucket are checked with a
        /// listing under their common prefix (one request per page of keys instead of one each),
        /// a batch per page, settled as soon as it is read, so the files keep their status.
        /// The rest, and a listing that would cover far more keys than files, are checked with
        /// HEAD, one request each, in one last batch; those files show EVALUATING_RESYNC meanwhile.
        /// </summary>
        private async Task EvaluateAllAsync(
            IAmazonS3 client,
            DataSource source,
            IReadOnlyList<SyncedFile> files,
            ResyncListings listings,
            int throttle,
            Action<IReadOnlyList<Evaluation>, bool> settle,
            IOperationReporter reporter,
            CancellationToken cancellation)
        {
            var toHead = new List<SyncedFile>();
            foreach (var bucket in files.GroupBy(f => f.Bucket))
            {
                var listing = listings.Take(source, bucket.Key, cancellation);
                if (listing == null)
                {
                    toHead.AddRange(bucket);
                    continue;
                }

                toHead.AddRange(await EvaluateByListingAsync(listing, source, bucket.ToList(), settle, reporter, cancellation).ConfigureAwait(false));
            }

            if (toHead.Count > 0)
            {
                SetStatus(toHead, FileStatus.EvaluatingResync);
                settle(await EvaluateByHeadAsync(client, source, toHead, throttle, cancellation).ConfigureAwait(false), true);
            }
        }

        /// <summary>
        /// Reads the listing of the files' bucket until every file is seen or the listing passes
        /// the last file's key (then the files not seen are gone), settling each page as it comes.
        /// A listing that stopped at its budget returns the files it has not reached, to be HEADed;
        /// so does one that failed (still failing after its retries): the listing only saves
        /// requests, and each HEAD then succeeds or fails for its own file, never for the others.
        /// </summary>
        private static async Task<List<SyncedFile>> EvaluateByListingAsync(
            ListingFeed listing, DataSource source, IReadOnlyList<SyncedFile> files, Action<IReadOnlyList<Evaluation>, bool> settle, IOperationReporter reporter,
            CancellationToken cancellation)
        {
            var waiting = files.ToDictionary(f => f.Key, StringComparer.Ordinal);
            try
            {
                while (waiting.Count > 0 && await listing.NextAsync(cancellation).ConfigureAwait(false) is { } page)
                {
                    var found = new List<Evaluation>();
                    foreach (var s3Object in page.Objects)
                    {
                        if (waiting.TryGetValue(s3Object.Key, out var file))
                        {
                            waiting.Remove(s3Object.Key);
                            found.Add(new Evaluation(file, ObjectVersion.Listed(s3Object), null, false));
                        }
                    }

                    settle(found, false);
                }
            }
            catch (CarbonSpacesException ex)
            {
                reporter.Warning($"{ex.Message} Its {waiting.Count} file(s) not listed yet are checked one by one instead.");
                return waiting.Values.ToList();
            }
            finally
            {
                await listing.StopAsync().ConfigureAwait(false);
            }

            if (waiting.Count > 0 && listing.CoveredScope)
            {
                settle(waiting.Values.Select(file => new Evaluation(file, null, Gone(source, file, null), true)).ToList(), false);
                waiting.Clear();
            }

            return waiting.Values.ToList();
        }

        private static CarbonSpacesException Gone(DataSource source, SyncedFile file, Exception? inner) =>
            new CarbonSpacesException(
                "CarbonSpaces.ObjectNotFound",
                FailureKind.NotFound,
                $"The object '{file.Bucket}/{file.Key}' of {file.Subject} no longer exists at {source.ParsedEndpoint.DisplayName}. Its chunks are kept until you remove the file (Remove-CarbonFile -Id {file.Id}).",
                file.Id,
                inner);

        /// <summary>HEADs every object, a few at a time; one object's answer (even a failure) never stops the others.</summary>
        private static async Task<IReadOnlyList<Evaluation>> EvaluateByHeadAsync(
            IAmazonS3 client, DataSource source, IReadOnlyList<SyncedFile> files, int throttle, CancellationToken cancellation)
        {
            using var gate = new SemaphoreSlim(Math.Max(1, throttle));
            var evaluations = files.Select(async file =>
            {
                await gate.WaitAsync(cancellation).ConfigureAwait(false);
                try
                {
                    var subject = $"'{file.Bucket}/{file.Key}'";
                    var head = await SourceConnector.CallAsync(
                        source, subject, () => client.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = file.Bucket, Key = file.Key }, cancellation), cancellation).ConfigureAwait(false);
                    return new Evaluation(file, new ObjectVersion(head.ContentLength, head.ETag, ObjectTimestamps.ToStoredSeconds(head.LastModified)), null, false);
                }
                catch (CarbonSpacesException ex) when (ex.Kind == FailureKind.NotFound)
                {
                    return new Evaluation(file, null, Gone(source, file, ex), true);
                }
                catch (CarbonSpacesException ex)
                {
                    return new Evaluation(file, null, ex, false);
                }
                finally
                {
                    gate.Release();
                }
            });
            return await Task.WhenAll(evaluations).ConfigureAwait(false);
        }

        /// <summary>What a HEAD said about one file's object.</summary>
        private sealed class Evaluation
        {
            public Evaluation(SyncedFile file, ObjectVersion? current, CarbonSpacesException? error, bool objectIsGone)
            {
                File = file;
                Current = current;
                Error = error;
                ObjectIsGone = objectIsGone;
            }

            public SyncedFile File { get; }

            public ObjectVersion? Current { get; }

            public CarbonSpacesException? Error { get; }

            public bool ObjectIsGone { get; }
        }

        /// <returns>The time recorded as the files' UpdatedAt.</returns>
        private DateTimeOffset SetStatus(IReadOnlyList<SyncedFile> files, string status, bool clearMessage = false)
        {
            using var transaction = _store.BeginWrite();
            var now = _store.Files.SetStatuses(transaction, files.Select(f => f.Id), status, clearMessage);
            transaction.Commit();
            return now;
        }

        private void Restore(IReadOnlyList<SyncedFile> files)
        {
            using var transaction = _store.BeginWrite();
            foreach (var file in files)
            {
                _store.Files.SetStatus(transaction, file.Id, file.SyncStatus, file.SyncErrorMessage);
            }

            transaction.Commit();
        }

        /// <summary>
        /// Records the options each file is about to be rebuilt with, and shows it EVALUATING_RESYNC
        /// until its build starts: an unfinished status, so a run stopped before then is finished by the next.
        /// </summary>
        private void PrepareRebuilds(IReadOnlyList<FileJob> jobs)
        {
            if (jobs.Count == 0)
            {
                return;
            }

            using var transaction = _store.BeginWrite();
            foreach (var job in jobs)
            {
                _store.Files.UpdateOptions(transaction, job.FileId, job.Options, null);
            }

            _store.Files.SetStatuses(transaction, jobs.Select(j => j.FileId), FileStatus.EvaluatingResync, clearMessage: false);
            transaction.Commit();
        }

        private void Fail(DataSource source, SyncedFile file, CarbonSpacesException error)
        {
            using var transaction = _store.BeginWrite();
            _store.Files.SetStatus(transaction, file.Id, FileStatus.SyncError, error.Message);
            _events.Append(transaction, EventTypes.FileError, source.Id, file.Id, error.Message);
            transaction.Commit();
        }
    }

    /// <summary>Invoke-CarbonResync's options; null chunk settings keep the file's own.</summary>
    public sealed class ResyncRequest
    {
        public int? ChunkSize { get; set; }

        public int? ChunkOverlap { get; set; }

        /// <summary>Rebuild even when nothing changed.</summary>
        public bool Force { get; set; }

        /// <summary>Rebuild so embeddings are generated again, even for files synced with -SkipEmbeddingGeneration.</summary>
        public bool ForceEmbeddingGeneration { get; set; }

        public int ThrottleLimit { get; set; } = 8;

        internal bool ForcesRebuild => Force || ForceEmbeddingGeneration;

        /// <summary>
        /// -ForceEmbeddingGeneration alone: the stored chunks are embedded again with the current model, with no
        /// request to the source. With -Force or new chunk settings the files are rebuilt (and embedded) instead.
        /// </summary>
        internal bool EmbedsStoredChunksOnly => ForceEmbeddingGeneration && !Force && ChunkSize == null && ChunkOverlap == null;

        internal FileSyncOptions Apply(FileSyncOptions current)
        {
            var options = current.Clone();
            options.ChunkSize = ChunkSize ?? current.ChunkSize;
            options.ChunkOverlap = ChunkOverlap ?? current.ChunkOverlap;
            if (ForceEmbeddingGeneration)
            {
                options.SkipEmbeddingGeneration = false;
            }

            return options;
        }
    }
}
