using System;
using System.IO;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>Streams one object to a file, refusing anything over the size limit before its body is read.</summary>
    internal static class ObjectDownloader
    {
        private const int CopyBufferSize = 81920;

        /// <param name="unlessETag">The ETag of the version already built; the download is skipped (null returned) when it is still current.</param>
        /// <returns>The downloaded version and its Content-Type, or null when <paramref name="unlessETag"/> is still current.</returns>
        public static async Task<(ObjectVersion Version, string? ContentType)?> DownloadAsync(
            IAmazonS3 client, DataSource source, string bucket, string key, string destination, long maxBytes, string? unlessETag, CancellationToken cancellation)
        {
            var subject = $"'{bucket}/{key}'";
            var request = new GetObjectRequest { BucketName = bucket, Key = key, EtagToNotMatch = unlessETag };
            GetObjectResponse response;
            try
            {
                response = await SourceConnector.CallAsync(source, subject, () => client.GetObjectAsync(request, cancellation), cancellation).ConfigureAwait(false);
            }
            catch (CarbonSpacesException ex) when (unlessETag != null && ex.InnerException is AmazonS3Exception s3 && s3.StatusCode == HttpStatusCode.NotModified)
            {
                return null;
            }

            using (response)
            {
                var size = response.ContentLength;
                if (size > maxBytes)
                {
                    throw TooLarge(subject, size, maxBytes);
                }

                using (var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, useAsync: true))
                {
                    var buffer = new byte[CopyBufferSize];
                    long written = 0;
                    int read;
                    while ((read = await response.ResponseStream.ReadAsync(buffer, 0, buffer.Length, cancellation).ConfigureAwait(false)) > 0)
                    {
                        written += read;
                        if (written > maxBytes)
                        {
                            throw TooLarge(subject, written, maxBytes);
                        }

                        await output.WriteAsync(buffer, 0, read, cancellation).ConfigureAwait(false);
                    }

                    size = written;
                }

                var version = new ObjectVersion(size, response.ETag, ObjectTimestamps.ToStoredSeconds(response.LastModified));
                return (version, response.Headers.ContentType);
            }
        }

        public static CarbonSpacesException TooLarge(string subject, long size, long maxBytes) =>
            new CarbonSpacesException(
                "CarbonSpaces.FileTooLarge",
                FailureKind.LimitExceeded,
                $"The object {subject} is {size / 1048576.0:0.#} MB, over the limit of {maxBytes / 1048576} MB; it was not downloaded. Raise -MaxFileSizeMB to sync it.",
                subject);
    }
}
