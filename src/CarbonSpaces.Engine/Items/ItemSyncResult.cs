using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>What one items sync of a data source (or one of its buckets) found and changed.</summary>
    public sealed class ItemSyncResult
    {
        public long DataSourceId { get; internal set; }

        /// <summary>The bucket asked for with -Bucket, or null for the whole data source.</summary>
        public string? Bucket { get; internal set; }

        public int Buckets { get; internal set; }

        public long Objects { get; internal set; }

        /// <summary>Items (buckets and objects) seen for the first time.</summary>
        public long Added { get; internal set; }

        /// <summary>Items whose ETag, size or LastModified changed.</summary>
        public long Updated { get; internal set; }

        /// <summary>Items no longer at the source, and so removed from the store.</summary>
        public long Removed { get; internal set; }

        /// <summary>Buckets that could not be listed (reported as errors); their items were kept as they were.</summary>
        public int FailedBuckets => FailedBucketNames.Count;

        public List<string> FailedBucketNames { get; } = new List<string>();

        /// <summary>Buckets listed to the end in this sync (or found gone): only there can a missing object be trusted to be gone.</summary>
        public List<string> CompletedBucketNames { get; } = new List<string>();

        public TimeSpan Duration { get; internal set; }
    }
}
