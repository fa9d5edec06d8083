using System.Collections.Generic;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>What to sync: one object, a whole bucket, or everything under a prefix.</summary>
    public sealed class SyncTarget
    {
        private SyncTarget(string bucket, string? key, string prefix)
        {
            Bucket = bucket;
            Key = key;
            Prefix = prefix;
        }

        public string Bucket { get; }

        /// <summary>The one object to sync, or null for everything under <see cref="Prefix"/>.</summary>
        public string? Key { get; }

        /// <summary>"" for the whole bucket.</summary>
        public string Prefix { get; }

        public bool IsWhole => Key == null;

        public static SyncTarget Object(string bucket, string key) => new SyncTarget(bucket, key, string.Empty);

        public static SyncTarget Under(string bucket, string? prefix = null) => new SyncTarget(bucket, null, prefix ?? string.Empty);

        public override string ToString() => Key != null ? $"'{Bucket}/{Key}'" : Prefix.Length == 0 ? $"bucket '{Bucket}'" : $"'{Bucket}/{Prefix}*'";
    }

    /// <summary>What Start-CarbonFileSync asks of one data source.</summary>
    public sealed class FileSyncRequest
    {
        public long DataSourceId { get; set; }

        public IReadOnlyList<SyncTarget> Targets { get; set; } = new SyncTarget[0];

        public FileSyncOptions Options { get; set; } = new FileSyncOptions();

        /// <summary>Downloads and extractions at once (Start-CarbonFileSync's default).</summary>
        public int ThrottleLimit { get; set; } = 16;
    }
}
