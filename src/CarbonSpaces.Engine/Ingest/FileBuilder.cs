using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest.Embedding;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Builds one file: download (kept in memory when small, streamed to a temporary file when
    /// large), extract text with its structure, chunk in tokens. Touches no store: builds run in
    /// parallel and hand their result to the one writer.
    /// </summary>
    internal sealed class FileBuilder
    {
        private readonly FileBuildParts _parts;
        private readonly TemporaryFolder _temporary;

        /// <summary>
        /// A file's text, layout and chunks take several times its size in memory, and finished
        /// builds wait for the one writer: the backlog bounds both, so a bucket of big files cannot
        /// exhaust memory at -ThrottleLimit 16 while the writer indexes one of them.
        /// </summary>
        private readonly BuildBacklog _backlog;

        public FileBuilder(TemporaryFolder temporary, FileBuildParts parts, BuildBacklog? backlog = null)
        {
            _temporary = temporary;
            _parts = parts;
            _backlog = backlog ?? new BuildBacklog();
        }

        /// <summary>
        /// Downloads the job's object: kept in memory or in a temporary file until it is built. Apart from
        /// <see cref="BuildAsync(FileJob, Task{DownloadedObject?}, CancellationToken)"/> so that a worker can have its next
        /// object on the way while it builds the one it has.
        /// </summary>
        /// <returns>The object, or null when it still has <see cref="FileJob.UnlessETag"/>.</returns>
        public Task<DownloadedObject?> DownloadAsync(S3ObjectReader objects, DataSource source, FileJob job, CancellationToken cancellation)
        {
            if (job.Listed != null && job.Listed.Size > job.Options.MaxFileSizeBytes)
            {
                return Task.FromException<DownloadedObject?>(ObjectDownloader.TooLarge($"'{job.Bucket}/{job.Key}'", job.Listed.Size, job.Options.MaxFileSizeBytes));
            }

            return ObjectDownloader.DownloadAsync(
                objects, source, job.Bucket, job.Key, _temporary, job.FileId, job.Options.MaxFileSizeBytes, job.UnlessETag, cancellation);
        }

        /// <summary>Builds the job's object once <paramref name="download"/> has it, and lets the download go.</summary>
        /// <returns>The build, or null when the download found the object still at <see cref="FileJob.UnlessETag"/>: nothing needs rebuilding.</returns>
        public async Task<FileBuild?> BuildAsync(FileJob job, Task<DownloadedObject?> download, CancellationToken cancellation)
        {
            using var downloaded = await download.ConfigureAwait(false);
            if (downloaded == null)
            {
                return null;
            }

            BuildBacklog.Reservation? reservation = await _backlog.ReserveAsync(downloaded.Version.Size, cancellation).ConfigureAwait(false);
            try
            {
                var build = await BuildAsync(job, downloaded, cancellation).ConfigureAwait(false);
                await _parts.Embedder.EmbedAsync(build, cancellation).ConfigureAwait(false);
                reservation.Add(VectorBytes(build));

                // Its chunks stay in memory until the writer takes them: the reservation goes with them.
                build.MemoryHold = reservation;
                reservation = null;
                return build;
            }
            finally
            {
                reservation?.Dispose();
            }
        }

        /// <summary>What the build's vectors take: 1.5 KiB a chunk at 384 dimensions, as much as a chunk of 400 tokens' text.</summary>
        private static long VectorBytes(FileBuild build) =>
            build.Embeddings?.Sum(vector => (long)vector.Length * sizeof(float)) ?? 0;

        private async Task<FileBuild> BuildAsync(FileJob job, DownloadedObject downloaded, CancellationToken cancellation)
        {
            // Extraction errors name the object the user knows: bucket and key.
            var options = new ExtractionOptions { Limits = _parts.Limits, UseOcr = job.Options.UseOcr };
            var document = await _parts.Extractor.ExtractAsync(downloaded.Content, $"{job.Bucket}/{job.Key}", downloaded.ContentType, options, cancellation).ConfigureAwait(false);
            var chunks = _parts.Chunker.Chunk(document.Segments, job.Options.Chunking(Item.NameOf(job.Key)), cancellation).ToList();
            var statistics = _parts.Chunker.Measure(document.Segments, chunks, cancellation);
            return new FileBuild(downloaded.Version, document, statistics.Characters, statistics.Tokens, chunks, job.Options);
        }
    }

    /// <summary>One file to build, as the queue phase left it.</summary>
    internal sealed class FileJob
    {
        public FileJob(long fileId, string bucket, string key, FileSyncOptions options, ObjectVersion? listed = null, string? unlessETag = null)
        {
            FileId = fileId;
            Bucket = bucket;
            Key = key;
            Options = options;
            Listed = listed;
            UnlessETag = unlessETag;
        }

        public long FileId { get; }

        public string Bucket { get; }

        public string Key { get; }

        public FileSyncOptions Options { get; }

        /// <summary>
        /// The version a listing (or HEAD) showed: an oversized object fails without a request, and
        /// a failed build records which version failed so an unchanged object is not retried.
        /// </summary>
        public ObjectVersion? Listed { get; }

        /// <summary>Skip the rebuild when the object still has this ETag (conditional GET).</summary>
        public string? UnlessETag { get; }
    }
}
