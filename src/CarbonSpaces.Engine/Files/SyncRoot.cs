namespace CarbonSpaces.Engine.Files
{
    /// <summary>A bucket or prefix synced whole, with the options its objects are synced with.</summary>
    public sealed class SyncRoot
    {
        public SyncRoot(long id, string bucket, string prefix, FileSyncOptions options)
        {
            Id = id;
            Bucket = bucket;
            Prefix = prefix;
            Options = options;
        }

        public long Id { get; }

        public string Bucket { get; }

        public string Prefix { get; }

        public FileSyncOptions Options { get; }
    }
}
