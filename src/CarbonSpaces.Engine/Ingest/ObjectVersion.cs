using Amazon.S3.Model;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Items;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>What identifies the version of an object a file was built from.</summary>
    public sealed class ObjectVersion
    {
        public ObjectVersion(long size, string? etag, long? lastModifiedSeconds)
        {
            Size = size;
            ETag = etag;
            LastModifiedSeconds = lastModifiedSeconds;
        }

        public long Size { get; }

        public string? ETag { get; }

        /// <summary>Unix milliseconds, truncated to the second (see ObjectTimestamps).</summary>
        public long? LastModifiedSeconds { get; }

        /// <summary>The version a listing entry shows.</summary>
        public static ObjectVersion Listed(S3Object s3Object) =>
            new ObjectVersion(s3Object.Size ?? 0, s3Object.ETag, ObjectTimestamps.ToStoredSeconds(s3Object.LastModified));

        /// <summary>Whether <paramref name="file"/> was built (or failed) from this version.</summary>
        public bool IsVersionOf(SyncedFile file)
        {
            var fileModified = file.SourceLastModified?.ToUnixTimeMilliseconds();
            return file.Size == Size && file.ETag == ETag && (fileModified == null || LastModifiedSeconds == null || fileModified == LastModifiedSeconds);
        }
    }
}
