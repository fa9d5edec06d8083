namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The object a file removed from the store was made from.</summary>
    public sealed class RemovedFile
    {
        public RemovedFile(long? dataSourceId, string bucket, string key)
        {
            DataSourceId = dataSourceId;
            Bucket = bucket;
            Key = key;
        }

        /// <summary>Null for a file whose data source was disconnected.</summary>
        public long? DataSourceId { get; }

        public string Bucket { get; }

        public string Key { get; }
    }
}
