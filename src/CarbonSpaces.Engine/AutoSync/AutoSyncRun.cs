using System;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>What one auto-sync did to one data source.</summary>
    public sealed class AutoSyncRun
    {
        public string CustomerId { get; internal set; } = string.Empty;

        public long DataSourceId { get; internal set; }

        public long ItemsAdded { get; internal set; }

        public long ItemsUpdated { get; internal set; }

        public long ItemsRemoved { get; internal set; }

        /// <summary>New objects under a bucket or prefix synced whole that became files.</summary>
        public int FilesSynced { get; internal set; }

        /// <summary>Files rebuilt because their object changed.</summary>
        public int FilesResynced { get; internal set; }

        /// <summary>Files removed because their object is gone.</summary>
        public int FilesRemoved { get; internal set; }

        public int Errors { get; internal set; }

        public TimeSpan Duration { get; internal set; }
    }
}
