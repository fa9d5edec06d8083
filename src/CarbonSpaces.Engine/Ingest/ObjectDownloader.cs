using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Downloads one object, refusing anything over the size limit before its body is read. Small
    /// objects (most of a typical bucket) stay in a pooled buffer; larger ones stream to a temporary
    /// file so memory does not grow with the object.
    /// </summary>
    internal static class ObjectDownloader
    {
        /// <summary>
        /// Up to this size an object is kept in memory: writing, reopening and deleting a temporary
        /// file costs more than the object itself, and 16 parallel builds hold at most 16 MiB.
        /// </summary>
        private const long InMemoryLimit = 1024 * 1024;

        private const int CopyBufferSize = 80 * 1024;

        /// <param name="unlessETag">The ETag of the version already built; the download is skipped (null returned) when it is still current.</param>
        /// <returns>The downloaded object, or null when <paramref name="unlessETag"/> is still current.</returns>
        /// <remarks>A body that breaks off is downloaded again (see <see cref="S3ObjectReader.ReadAsync{T}"/>); only a whole body is returned.</remarks>
        public static Task<DownloadedObject?> DownloadAsync(
            S3ObjectReader objects, DataSource source, string bucket, string key, TemporaryFolder temporary, long fileId, long maxBytes, string? unlessETag, CancellationToken cancellation)
        {
            var subject = $"'{bucket}/{key}'";
            return SourceConnector.CallAsync(
                source,
                subject,
                () => objects.ReadAsync(bucket, key, unlessETag, (response, token) => ReadAsync(response, subject, () => temporary.FileFor(fileId, Extraction.FormatDetector.FormatOf(key)), maxBytes, token), cancellation),
                cancellation);
        }

        /// <param name="temporaryPath">Where a body too large for memory goes; asked only then.</param>
        private static async Task<DownloadedObject> ReadAsync(FetchedObject response, string subject, Func<string> temporaryPath, long maxBytes, CancellationToken cancellation)
        {
            var declared = response.ContentLength;
            if (declared > maxBytes)
            {
                throw TooLarge(subject, declared, maxBytes);
            }

            var version = new ObjectVersion(declared, response.ETag, ObjectTimestamps.ToStoredSeconds(response.LastModifiedUtc));
            return declared >= 0 && declared <= InMemoryLimit
                ? await ReadIntoMemoryAsync(response.Body, (int)declared, version, response.ContentType, subject, cancellation).ConfigureAwait(false)
                : await CopyToTemporaryFileAsync(response.Body, temporaryPath(), version, response.ContentType, subject, maxBytes, cancellation).ConfigureAwait(false);
        }

        public static CarbonSpacesException TooLarge(string subject, long size, long maxBytes) =>
            new CarbonSpacesException(
                "CarbonSpaces.FileTooLarge",
                FailureKind.LimitExceeded,
                $"The object {subject} is {size / 1048576.0:0.#} MB, over the limit of {maxBytes / 1048576} MB; it was not downloaded. Raise -MaxFileSizeMB to sync it.",
                subject);

        private static async Task<DownloadedObject> ReadIntoMemoryAsync(
            Stream body, int declared, ObjectVersion version, string? contentType, string subject, CancellationToken cancellation)
        {
            // One byte of room beyond the declared length tells a body longer than its header.
            var buffer = ArrayPool<byte>.Shared.Rent(declared + 1);
            try
            {
                var length = 0;
                try
                {
                    int read;
                    while (length < buffer.Length && (read = await body.ReadAsync(buffer, length, buffer.Length - length, cancellation).ConfigureAwait(false)) > 0)
                    {
                        length += read;
                    }
                }
                catch (Exception ex) when (IsConnectionFailure(ex))
                {
                    throw new BrokenBodyException(length, declared, ex);
                }

                if (length < declared)
                {
                    throw new BrokenBodyException(length, declared, null);
                }

                if (length > declared)
                {
                    throw new IOException($"The body of {subject} was longer than the {declared} bytes its Content-Length announced.");
                }

                return DownloadedObject.InPooledBuffer(version, contentType, buffer, length);
            }
            catch
            {
                ArrayPool<byte>.Shared.Return(buffer);
                throw;
            }
        }

        private static async Task<DownloadedObject> CopyToTemporaryFileAsync(
            Stream body, string path, ObjectVersion version, string? contentType, string subject, long maxBytes, CancellationToken cancellation)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                long written = 0;
                using (var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1, useAsync: true))
                {
                    while (true)
                    {
                        int read;
                        try
                        {
                            read = await body.ReadAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false);
                        }
                        catch (Exception ex) when (IsConnectionFailure(ex))
                        {
                            // Only the body's reads: a disk that fails under the temporary file is not the network's fault.
                            throw new BrokenBodyException(written, version.Size, ex);
                        }

                        if (read == 0)
                        {
                            break;
                        }

                        written += read;
                        if (written > maxBytes)
                        {
                            throw TooLarge(subject, written, maxBytes);
                        }

                        await output.WriteAsync(buffer, 0, read, cancellation).ConfigureAwait(false);
                    }
                }

                if (written < version.Size)
                {
                    throw new BrokenBodyException(written, version.Size, null);
                }

                // A body sent without Content-Length is only known by what arrived.
                return DownloadedObject.InTemporaryFile(new ObjectVersion(written, version.ETag, version.LastModifiedSeconds), contentType, path);
            }
            catch
            {
                TemporaryFolder.Delete(path);
                throw;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>What reading a response body throws when the connection under it fails (HttpIOException is an IOException).</summary>
        private static bool IsConnectionFailure(Exception error) => error is IOException || error is HttpRequestException;
    }
}
