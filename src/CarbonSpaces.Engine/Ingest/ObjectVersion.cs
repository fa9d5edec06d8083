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

        public bool SameAs(long? size, string? etag, long? lastModifiedSeconds) =>
            size == Size && etag == ETag && (lastModifiedSeconds == null || LastModifiedSeconds == null || lastModifiedSeconds == LastModifiedSeconds);
    }
}
