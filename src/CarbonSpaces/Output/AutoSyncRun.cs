using System;
using EngineAutoSync = CarbonSpaces.Engine.AutoSync;

namespace CarbonSpaces
{
    /// <summary>What one auto-sync did to one data source.</summary>
    public sealed class AutoSyncRun
    {
        internal AutoSyncRun(EngineAutoSync.AutoSyncRun run)
        {
            CustomerId = run.CustomerId;
            DataSourceId = run.DataSourceId;
            ItemsAdded = run.ItemsAdded;
            ItemsUpdated = run.ItemsUpdated;
            ItemsRemoved = run.ItemsRemoved;
            FilesSynced = run.FilesSynced;
            FilesResynced = run.FilesResynced;
            FilesRemoved = run.FilesRemoved;
            Errors = run.Errors;
            Duration = run.Duration;
        }

        public string CustomerId { get; }

        public long DataSourceId { get; }

        public long ItemsAdded { get; }

        public long ItemsUpdated { get; }

        public long ItemsRemoved { get; }

        public int FilesSynced { get; }

        public int FilesResynced { get; }

        public int FilesRemoved { get; }

        public int Errors { get; }

        public TimeSpan Duration { get; }
    }
}
