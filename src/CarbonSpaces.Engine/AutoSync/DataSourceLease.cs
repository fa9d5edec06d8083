using System;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>
    /// A claim on a data source, kept in the store so it holds across processes: two overlapping
    /// runbook runs never sync the same data source at once. A run that dies leaves its claim to
    /// expire, so the data source is not locked for ever.
    /// </summary>
    internal sealed class DataSourceLease : IDisposable
    {
        public static readonly TimeSpan Duration = TimeSpan.FromHours(2);

        private readonly IAutoSyncStore _store;
        private readonly long _dataSourceId;
        private readonly string _owner;
        private DateTimeOffset _renewedAt = DateTimeOffset.UtcNow;

        private DataSourceLease(IAutoSyncStore store, long dataSourceId, string owner)
        {
            _store = store;
            _dataSourceId = dataSourceId;
            _owner = owner;
        }

        /// <returns>The lease, or null when another run holds the data source.</returns>
        public static DataSourceLease? TryAcquire(IStore store, long dataSourceId)
        {
            var owner = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow;
            return store.AutoSync.TryLease(dataSourceId, owner, now + Duration, now) ? new DataSourceLease(store.AutoSync, dataSourceId, owner) : null;
        }

        /// <summary>Pushes the expiry out again; long runs call it between phases.</summary>
        public void Renew()
        {
            _renewedAt = DateTimeOffset.UtcNow;
            _store.RenewLease(_dataSourceId, _owner, DateTimeOffset.UtcNow + Duration);
        }

        /// <summary>Renews once half the lease has passed: cheap enough to call after every file.</summary>
        public void RenewWhenHalfSpent()
        {
            if (DateTimeOffset.UtcNow - _renewedAt > TimeSpan.FromTicks(Duration.Ticks / 2))
            {
                Renew();
            }
        }

        public void Dispose() => _store.ReleaseLease(_dataSourceId, _owner);
    }
}
