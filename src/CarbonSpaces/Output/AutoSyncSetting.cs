using System;
using EngineAutoSync = CarbonSpaces.Engine.AutoSync;

namespace CarbonSpaces
{
    /// <summary>Whether and how often a customer's data sources are synced by Invoke-CarbonAutoSync.</summary>
    public sealed class AutoSyncSetting
    {
        internal AutoSyncSetting(EngineAutoSync.AutoSyncSetting setting)
        {
            CustomerId = setting.CustomerId;
            Enabled = setting.Enabled;
            EnabledSources = setting.EnabledSources;
            IntervalHours = setting.IntervalHours;
            LastRunAt = setting.LastRunAt;
            NextRunAt = setting.NextRunAt;
        }

        public string CustomerId { get; }

        public bool Enabled { get; }

        /// <summary>"S3" (Amazon S3 and Spaces) or "ALL".</summary>
        public string EnabledSources { get; }

        public int IntervalHours { get; }

        public DateTimeOffset? LastRunAt { get; }

        public DateTimeOffset? NextRunAt { get; }
    }
}
