using System;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;

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

        private readonly SqliteStore _store;
        private readonly long _dataSourceId;
        private readonly string _owner;
        private DateTimeOffset _renewedAt = DateTimeOffset.UtcNow;

        private DataSourceLease(SqliteStore store, long dataSourceId, string owner)
        {
            _store = store;
            _dataSourceId = dataSourceId;
            _owner = owner;
        }

        /// <returns>The lease, or null when another run holds the data source.</returns>
        public static DataSourceLease? TryAcquire(SqliteStore store, long dataSourceId)
        {
            var owner = Guid.NewGuid().ToString("N");
            var now = DateTimeOffset.UtcNow;
            using var command = store.Command(
                @"UPDATE data_sources SET lease_owner = $owner, lease_until = $until
                  WHERE id = $id AND (lease_until IS NULL OR lease_until < $now);");
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$until", UnixTime.ToStored(now + Duration));
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(now));
            command.Parameters.AddWithValue("$id", dataSourceId);
            return command.ExecuteNonQuery() == 1 ? new DataSourceLease(store, dataSourceId, owner) : null;
        }

        /// <summary>Pushes the expiry out again; long runs call it between phases.</summary>
        public void Renew()
        {
            _renewedAt = DateTimeOffset.UtcNow;
            using var command = _store.Command("UPDATE data_sources SET lease_until = $until WHERE id = $id AND lease_owner = $owner;");
            command.Parameters.AddWithValue("$until", UnixTime.ToStored(DateTimeOffset.UtcNow + Duration));
            command.Parameters.AddWithValue("$id", _dataSourceId);
            command.Parameters.AddWithValue("$owner", _owner);
            command.ExecuteNonQuery();
        }

        /// <summary>Renews once half the lease has passed: cheap enough to call after every file.</summary>
        public void RenewWhenHalfSpent()
        {
            if (DateTimeOffset.UtcNow - _renewedAt > TimeSpan.FromTicks(Duration.Ticks / 2))
            {
                Renew();
            }
        }

        public void Dispose()
        {
            using var command = _store.Command("UPDATE data_sources SET lease_owner = NULL, lease_until = NULL WHERE id = $id AND lease_owner = $owner;");
            command.Parameters.AddWithValue("$id", _dataSourceId);
            command.Parameters.AddWithValue("$owner", _owner);
            command.ExecuteNonQuery();
        }
    }
}
