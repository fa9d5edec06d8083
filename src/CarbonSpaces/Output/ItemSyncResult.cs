using System;
using EngineItems = CarbonSpaces.Engine.Items;

namespace CarbonSpaces
{
    /// <summary>What one items sync found and changed.</summary>
    public sealed class ItemSyncResult
    {
        internal ItemSyncResult(EngineItems.ItemSyncResult result)
        {
            DataSourceId = result.DataSourceId;
            Bucket = result.Bucket;
            Buckets = result.Buckets;
            Objects = result.Objects;
            Added = result.Added;
            Updated = result.Updated;
            Removed = result.Removed;
            FailedBuckets = result.FailedBuckets;
            Duration = result.Duration;
        }

        public long DataSourceId { get; }

        /// <summary>The bucket asked for, or null for the whole data source.</summary>
        public string? Bucket { get; }

        public int Buckets { get; }

        public long Objects { get; }

        public long Added { get; }

        public long Updated { get; }

        public long Removed { get; }

        /// <summary>Buckets that could not be listed (each reported as an error); their items were kept.</summary>
        public int FailedBuckets { get; }

        public TimeSpan Duration { get; }
    }
}
