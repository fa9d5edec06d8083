using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Ingest;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// What auto-sync keeps in the store: the per-customer settings, each data source's lease and last auto-sync,
    /// and the comparison of a data source's files with the items a fresh listing just wrote. The writes without
    /// a unit of work are saved on their own at once: a lease must hold outside any write.
    /// </summary>
    public interface IAutoSyncStore
    {
        /// <summary>
        /// Saves the setting of each customer: a null <paramref name="sources"/> or <paramref name="intervalHours"/>
        /// keeps the customer's current one (S3 and <see cref="AutoSyncSetting.DefaultIntervalHours"/> for a new
        /// setting). An enabled setting is next due <paramref name="now"/> if it never ran, else an interval after its
        /// last run; a disabled one is never due.
        /// </summary>
        void SaveSettings(IUnitOfWork work, IEnumerable<string> customerIds, bool enabled, string? sources, int? intervalHours, DateTimeOffset now);

        /// <summary>The settings of these customers, or of every customer that has one, by customer id.</summary>
        IReadOnlyList<AutoSyncSetting> ListSettings(IReadOnlyCollection<string>? customerIds = null);

        /// <summary>Records that the customer's data sources were synced, and when they are due next if still enabled.</summary>
        void RecordRun(string customerId, DateTimeOffset startedAt);

        /// <summary>Claims the data source for <paramref name="owner"/> until <paramref name="until"/>, unless an unexpired lease holds it.</summary>
        /// <returns>Whether the claim was made.</returns>
        bool TryLease(long dataSourceId, string owner, DateTimeOffset until, DateTimeOffset now);

        /// <summary>Moves the expiry of <paramref name="owner"/>'s lease; nothing when the lease is no longer theirs.</summary>
        void RenewLease(long dataSourceId, string owner, DateTimeOffset until);

        /// <summary>Gives the data source up; nothing when the lease is no longer <paramref name="owner"/>'s.</summary>
        void ReleaseLease(long dataSourceId, string owner);

        /// <summary>When auto-sync last finished the data source; null if never.</summary>
        DateTimeOffset? LastAutoSyncedAt(long dataSourceId);

        void MarkAutoSynced(long dataSourceId, DateTimeOffset at);

        /// <summary>
        /// One pass over a data source's files, by file id: the ones whose object's listed version differs from the one
        /// they were built (or failed) from, or whose status is <see cref="Files.FileStatus.Unfinished"/>, with the listed
        /// version; and the ones whose object is no longer listed, in <paramref name="completedBuckets"/> only.
        /// </summary>
        (IReadOnlyList<(long FileId, ObjectVersion Version)> Changed, IReadOnlyList<long> Gone) CompareWithListing(long dataSourceId, IReadOnlyCollection<string> completedBuckets);

        /// <summary>Listed objects under a bucket and key prefix that are not files yet and whose file the user did not remove, by key.</summary>
        IReadOnlyList<(string Key, ObjectVersion Version)> NewObjectsUnder(long dataSourceId, string bucket, string prefix);
    }
}
