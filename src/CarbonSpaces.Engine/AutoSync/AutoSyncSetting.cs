using System;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>Whether and how often a customer's data sources are synced by Invoke-CarbonAutoSync.</summary>
    public sealed class AutoSyncSetting
    {
        public static readonly int[] AllowedIntervals = { 3, 6, 12, 24 };

        public const int DefaultIntervalHours = 24;

        public string CustomerId { get; internal set; } = string.Empty;

        public bool Enabled { get; internal set; }

        /// <summary>"S3" or "ALL"; S3 covers Amazon S3 and Spaces data sources alike, as Carbon's source type does.</summary>
        public string EnabledSources { get; internal set; } = "S3";

        public int IntervalHours { get; internal set; } = DefaultIntervalHours;

        public DateTimeOffset? LastRunAt { get; internal set; }

        public DateTimeOffset? NextRunAt { get; internal set; }
    }
}
