using System.Collections.Generic;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>Carbon's file sync statuses.</summary>
    public static class FileStatus
    {
        public const string Queued = "QUEUED_FOR_SYNC";
        public const string Syncing = "SYNCING";
        public const string Ready = "READY";
        public const string SyncError = "SYNC_ERROR";
        public const string EvaluatingResync = "EVALUATING_RESYNC";
        public const string RateLimited = "RATE_LIMITED";

        /// <summary>What a run leaves for the next one to finish: stopped while queued, syncing or evaluating, or throttled by the endpoint.</summary>
        public static readonly IReadOnlyList<string> Unfinished = new[] { Queued, Syncing, EvaluatingResync, RateLimited };
    }
}
