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
    }
}
