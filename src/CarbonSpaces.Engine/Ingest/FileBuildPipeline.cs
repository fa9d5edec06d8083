using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest.Embedding;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Builds queued files in parallel (up to the throttle) and stores them through one writer.
    /// The writer commits whatever results are waiting in one transaction, so small files cost
    /// one commit per batch rather than one each, while each file's chunks still change atomically.
    /// </summary>
    internal sealed class FileBuildPipeline
    {
        private const int MaxResultsPerTransaction = 256;

        /// <summary>
        /// How long the writer waits for more results before committing. Every commit makes FTS5
        /// write a new index segment (and merge them later), so many one-file transactions cost far
        /// more than a few larger ones; a file reaches READY at most this much later.
        /// </summary>
        private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

        /// <summary>
        /// The order a batch's files are written in: a bucket's keys as S3 lists them, the order in which a sync
        /// queues them. A shared store (PostgreSQL) locks each file's row until the commit, so two processes writing
        /// the same files (two syncs of one data source on two machines) must lock them in one order: in the order the
        /// builds happened to finish, each held rows the other waited for, and the server ended the deadlock (40P01)
        /// by failing one of the runs.
        /// </summary>
        private static readonly IComparer<string> KeyOrder = Comparer<string>.Create(Utf8Order.Compare);

        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly FileBuildParts _parts;

        public FileBuildPipeline(IStore store, EventLog events, FileBuildParts parts)
        {
            _store = store;
            _events = events;
            _parts = parts;
        }

        public Task<BuildSummary> RunAsync(
            S3ObjectReader objects, DataSource source, IReadOnlyList<FileJob> jobs, int throttle,
            Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation) =>
            RunAsync(objects, source, FileJobFeed.Of(jobs), throttle, onFinished, reporter, cancellation);

        /// <summary>Builds the feed's jobs as they come, until it is complete and every job is written.</summary>
        public async Task<BuildSummary> RunAsync(
            S3ObjectReader objects, DataSource source, FileJobFeed feed, int throttle,
            Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            var summary = new BuildSummary();
            if (feed.IsComplete && feed.Count == 0)
            {
                return summary;
            }

            await feed.StoreTurn.WaitAsync(cancellation).ConfigureAwait(false);
            try
            {
                _parts.Embedder.Prepare();
            }
            finally
            {
                feed.StoreTurn.Release();
            }

            using var temporary = new TemporaryFolder();
            var builder = new FileBuilder(temporary, _parts);
            // Not bounded by count: the builder's backlog bounds the memory of the builds waiting here,
            // and with room for hundreds of small ones the downloads go on while the writer commits.
            var results = Channel.CreateUnbounded<BuildMessage>(new UnboundedChannelOptions { SingleReader = true });
            using var stopWorkers = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var workerCount = Math.Max(1, feed.IsComplete ? Math.Min(throttle, feed.Count) : throttle);
            var workers = Enumerable.Range(0, workerCount)
                .Select(_ => Task.Run(() => WorkAsync(objects, source, builder, feed.Jobs, results.Writer, stopWorkers.Token)))
                .ToArray();
            var allWorkersDone = Task.WhenAll(workers).ContinueWith(t => results.Writer.TryComplete(t.Exception?.GetBaseException()), TaskScheduler.Default);

            try
            {
                await WriteAsync(source, feed, results.Reader, summary, onFinished, reporter, cancellation).ConfigureAwait(false);
                await allWorkersDone.ConfigureAwait(false);
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch
            {
                stopWorkers.Cancel();
                await Task.WhenAll(workers.Select(w => w.ContinueWith(_ => { }, TaskScheduler.Default))).ConfigureAwait(false);
                throw;
            }

            reporter.Progress(new OperationProgress(Activity(source), "Done", 100, completed: true));
            return summary;
        }

        /// <summary>
        /// Builds jobs one after another, with the next job's object on its way while the last one builds: against a far
        /// endpoint a GET is mostly waiting, and a worker that asked for its next object only once its build was done left
        /// its request slot idle for that long (P3a-r). A worker has at most one GET in flight, so -ThrottleLimit still
        /// bounds the requests, and holds at most one downloaded object beyond what it builds.
        /// </summary>
        private static async Task WorkAsync(
            S3ObjectReader objects, DataSource source, FileBuilder builder, ChannelReader<FileJob> jobs, ChannelWriter<BuildMessage> results, CancellationToken cancellation)
        {
            async Task<PendingDownload?> TakeAsync(bool waitForJob)
            {
                FileJob? job;
                while (!jobs.TryRead(out job))
                {
                    if (!waitForJob || !await jobs.WaitToReadAsync(cancellation).ConfigureAwait(false))
                    {
                        return null;
                    }
                }

                await results.WriteAsync(BuildMessage.Started(job), cancellation).ConfigureAwait(false);
                return new PendingDownload(job, builder.DownloadAsync(objects, source, job, cancellation));
            }

            PendingDownload? current = null;
            PendingDownload? following = null;
            try
            {
                current = await TakeAsync(waitForJob: true).ConfigureAwait(false);
                while (current != null)
                {
                    // Once this object is in (whether or not its download failed), and with a job waiting, that job's
                    // download starts; a listing still planning jobs is not waited for. Not before: at the start every
                    // worker takes a job of its own first, so a few large files are not left queued behind one worker.
                    await Task.WhenAny(current.Download).ConfigureAwait(false);
                    following = await TakeAsync(waitForJob: false).ConfigureAwait(false);
                    var building = current;
                    current = null;
                    var outcome = await BuildAsync(builder, building, cancellation).ConfigureAwait(false);
                    await results.WriteAsync(outcome, cancellation).ConfigureAwait(false);
                    current = following ?? await TakeAsync(waitForJob: true).ConfigureAwait(false);
                    following = null;
                }
            }
            finally
            {
                // Stopped (Ctrl+C, the writer failed): a download already under way ends before the temporary folder goes.
                await (current?.AbandonAsync() ?? Task.CompletedTask).ConfigureAwait(false);
                await (following?.AbandonAsync() ?? Task.CompletedTask).ConfigureAwait(false);
            }
        }

        /// <summary>Builds a downloaded job; a failure of the download or the build becomes that file's outcome.</summary>
        private static async Task<BuildMessage> BuildAsync(FileBuilder builder, PendingDownload pending, CancellationToken cancellation)
        {
            var job = pending.Job;
            try
            {
                return BuildMessage.Built(job, await builder.BuildAsync(job, pending.Download, cancellation).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                throw;
            }
            catch (CarbonSpacesException ex)
            {
                return BuildMessage.Failed(job, ex);
            }
            catch (Exception ex)
            {
                // One bad object must never stop the others: an unforeseen failure becomes that file's error.
                return BuildMessage.Failed(job, new CarbonSpacesException(
                    "CarbonSpaces.FileSyncFailed",
                    FailureKind.InvalidData,
                    $"Syncing '{job.Bucket}/{job.Key}' failed unexpectedly: {ex.GetType().Name}: {ex.Message}",
                    $"'{job.Bucket}/{job.Key}'",
                    ex));
            }
        }

        private async Task WriteAsync(
            DataSource source, FileJobFeed feed, ChannelReader<BuildMessage> results, BuildSummary summary,
            Action<SyncedFile> onFinished, IOperationReporter reporter, CancellationToken cancellation)
        {
            // The chunk writer's statements live on the store's connection: made and disposed in turn too.
            await feed.StoreTurn.WaitAsync(cancellation).ConfigureAwait(false);
            IChunkWriter chunkWriter;
            try
            {
                chunkWriter = _store.Chunks.OpenWriter();
            }
            finally
            {
                feed.StoreTurn.Release();
            }

            try
            {
                await WriteBatchesAsync(source, feed, results, summary, onFinished, reporter, chunkWriter, cancellation).ConfigureAwait(false);
            }
            finally
            {
                await feed.StoreTurn.WaitAsync(CancellationToken.None).ConfigureAwait(false);
                chunkWriter.Dispose();
                feed.StoreTurn.Release();
            }
        }

        private async Task WriteBatchesAsync(
            DataSource source, FileJobFeed feed, ChannelReader<BuildMessage> results, BuildSummary summary,
            Action<SyncedFile> onFinished, IOperationReporter reporter, IChunkWriter chunkWriter, CancellationToken cancellation)
        {
            var batch = new List<BuildMessage>(MaxResultsPerTransaction);
            var vectorWarningGiven = false; // one warning a run, not one a file
            while (await results.WaitToReadAsync(cancellation).ConfigureAwait(false))
            {
                batch.Clear();
                await GatherAsync(results, batch, cancellation).ConfigureAwait(false);

                var finished = batch.Where(m => !m.IsStart).ToList();
                var finishing = new HashSet<long>(finished.Select(m => m.Job.FileId));

                // The writer has these builds now: their room in the backlog goes to the next builds,
                // which go on while these are written.
                foreach (var message in finished)
                {
                    message.Build?.MemoryHold?.Dispose();
                }

                await feed.StoreTurn.WaitAsync(cancellation).ConfigureAwait(false);
                IReadOnlyDictionary<long, SyncedFile> files;
                try
                {
                    using (var transaction = _store.BeginWrite())
                    {
                        foreach (var message in batch.OrderBy(m => m.Job.Bucket, StringComparer.Ordinal).ThenBy(m => m.Job.Key, KeyOrder))
                        {
                            // A file that starts and finishes within one batch goes straight to its outcome.
                            if (!message.IsStart || !finishing.Contains(message.Job.FileId))
                            {
                                Apply(transaction, chunkWriter, source, message, summary);
                            }
                        }

                        transaction.Commit();
                    }

                    // A file removed meanwhile (Remove-CarbonFile, Disconnect-CarbonSpace -RemoveFiles in
                    // another process) was not written back and is not reported.
                    files = _store.Files.FindMany(finishing);
                }
                finally
                {
                    feed.StoreTurn.Release();
                }

                foreach (var message in finished)
                {
                    if (!files.TryGetValue(message.Job.FileId, out var file))
                    {
                        continue;
                    }

                    if (message.Error != null)
                    {
                        reporter.Error(message.Error);
                    }
                    else if (!vectorWarningGiven && message.Build != null && _parts.Embedder.WarningFor(message.Build) is string warning)
                    {
                        reporter.Warning(warning);
                        vectorWarningGiven = true;
                    }

                    foreach (var notice in message.Build?.Notices ?? Array.Empty<string>())
                    {
                        reporter.Warning(notice);
                    }

                    onFinished(file);
                    reporter.Progress(Progress(source, feed, summary, message.Job));
                }
            }
        }

        /// <summary>Takes what is waiting, then keeps taking until the batch is full or the window has passed.</summary>
        private static async Task GatherAsync(ChannelReader<BuildMessage> results, List<BuildMessage> batch, CancellationToken cancellation)
        {
            var window = System.Diagnostics.Stopwatch.StartNew();
            while (true)
            {
                while (batch.Count < MaxResultsPerTransaction && results.TryRead(out var message))
                {
                    batch.Add(message);
                }

                var remaining = BatchWindow - window.Elapsed;
                if (batch.Count >= MaxResultsPerTransaction || remaining <= TimeSpan.Zero)
                {
                    return;
                }

                var more = results.WaitToReadAsync(cancellation).AsTask();
                if (await Task.WhenAny(more, Task.Delay(remaining, cancellation)).ConfigureAwait(false) != more || !await more.ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        /// <summary>Writes one message's outcome; a file no longer in the store (removed meanwhile) changes nothing.</summary>
        private void Apply(IUnitOfWork transaction, IChunkWriter chunkWriter, DataSource source, BuildMessage message, BuildSummary summary)
        {
            var job = message.Job;
            var files = _store.Files;
            if (message.IsStart)
            {
                files.SetStatus(transaction, job.FileId, FileStatus.Syncing, null);
            }
            else if (message.Error != null)
            {
                // The file keeps the chunks it had: a failed rebuild never loses what was already indexed.
                var status = message.Error.ErrorId == "CarbonSpaces.Throttled" ? FileStatus.RateLimited : FileStatus.SyncError;
                if (!files.SetStatus(transaction, job.FileId, status, message.Error.Message))
                {
                    return;
                }

                if (EnvironmentFailures.Contains(message.Error.ErrorId))
                {
                    files.ForgetSourceVersion(transaction, job.FileId);
                }
                else if (job.Listed != null && status == FileStatus.SyncError)
                {
                    files.RecordSourceVersion(transaction, job.FileId, job.Listed);
                }

                if (message.Error is TextUnavailableException unavailable)
                {
                    files.RecordMetadata(transaction, job.FileId, unavailable.MediaType, unavailable.Metadata);
                }

                _events.Append(transaction, EventTypes.FileError, source.Id, job.FileId, message.Error.Message);
                summary.Failed++;
            }
            else if (message.Build == null)
            {
                if (files.SetStatus(transaction, job.FileId, FileStatus.Ready, null))
                {
                    summary.Unchanged++;
                }
            }
            else if (files.MarkReady(transaction, job.FileId, message.Build))
            {
                WriteChunks(transaction, chunkWriter, job.FileId, message.Build);
                _events.Append(transaction, EventTypes.FileReady, source.Id, job.FileId,
                    $"'{job.Bucket}/{job.Key}' is ready: {message.Build.Chunks.Count} chunk(s), {message.Build.Tokens} token(s)."
                    + string.Concat(message.Build.Notices.Select(notice => " " + notice)));
                summary.Ready++;
                summary.BytesDownloaded += message.Build.Source.Size;
            }
        }

        /// <summary>Replaces the file's chunks, and gives the new chunks their vectors when the build made them.</summary>
        private void WriteChunks(IUnitOfWork transaction, IChunkWriter chunkWriter, long fileId, FileBuild build)
        {
            var chunkIds = chunkWriter.Replace(transaction, fileId, build.Chunks);
            if (build.Embeddings == null)
            {
                return;
            }

            for (int i = 0; i < chunkIds.Count; i++)
            {
                _parts.Vectors.Add(transaction, chunkIds[i], build.EmbeddingModel!, build.Embeddings[build.Chunks[i].Index]);
            }
        }

        /// <summary>While files are still being planned the total is not known yet: no percentage then.</summary>
        private static OperationProgress Progress(DataSource source, FileJobFeed feed, BuildSummary summary, FileJob job)
        {
            var complete = feed.IsComplete;
            var total = feed.Count;
            return new OperationProgress(
                Activity(source),
                $"{summary.Finished} of {total}{(complete ? string.Empty : "+")} files; {summary.BytesDownloaded / 1048576.0:N1} MB downloaded",
                complete ? (int)(100L * summary.Finished / Math.Max(1, total)) : -1,
                $"{job.Bucket}/{job.Key}");
        }

        private static string Activity(DataSource source) => $"Syncing files of {source.Subject}";

        /// <summary>A job whose object is downloading.</summary>
        private sealed class PendingDownload
        {
            public PendingDownload(FileJob job, Task<DownloadedObject?> download)
            {
                Job = job;
                Download = download;
            }

            public FileJob Job { get; }

            public Task<DownloadedObject?> Download { get; }

            /// <summary>Waits for a download that will not be built and lets go of what it holds; its failure no longer matters.</summary>
            public async Task AbandonAsync()
            {
                try
                {
                    (await Download.ConfigureAwait(false))?.Dispose();
                }
                catch (Exception)
                {
                    // The run is stopping: this file keeps its status, and the next run syncs it.
                }
            }
        }

        private sealed class BuildMessage
        {
            private BuildMessage(FileJob job, bool isStart, FileBuild? build, CarbonSpacesException? error)
            {
                Job = job;
                IsStart = isStart;
                Build = build;
                Error = error;
            }

            public FileJob Job { get; }

            public bool IsStart { get; }

            public FileBuild? Build { get; }

            public CarbonSpacesException? Error { get; }

            public static BuildMessage Started(FileJob job) => new BuildMessage(job, true, null, null);

            public static BuildMessage Built(FileJob job, FileBuild? build) => new BuildMessage(job, false, build, null);

            public static BuildMessage Failed(FileJob job, CarbonSpacesException error) => new BuildMessage(job, false, null, error);
        }
    }

    /// <summary>What a run of the build pipeline did.</summary>
    public sealed class BuildSummary
    {
        public int Ready { get; internal set; }

        /// <summary>Files whose object had not changed, so nothing was rebuilt.</summary>
        public int Unchanged { get; internal set; }

        public int Failed { get; internal set; }

        public long BytesDownloaded { get; internal set; }

        public int Finished => Ready + Unchanged + Failed;
    }
}
