using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>Set-/Get-CarbonAutoSync: the per-customer settings.</summary>
    public sealed class AutoSyncSettings
    {
        public const int MaxCustomersPerCall = 100;

        private static readonly string[] Sources = { "S3", "ALL" };

        private readonly SqliteStore _store;

        internal AutoSyncSettings(SqliteStore store)
        {
            _store = store;
        }

        /// <summary>
        /// Enables (or with <paramref name="enabled"/> false, disables) auto-sync for 1 to 100
        /// customers, all or nothing. A null source or interval keeps the customer's current one
        /// (S3 and 24 hours for a new setting), so disabling and enabling again loses nothing.
        /// </summary>
        public IReadOnlyList<AutoSyncSetting> Set(IReadOnlyCollection<string> customerIds, bool enabled, string? source = null, int? intervalHours = null)
        {
            Validate(customerIds, source, intervalHours);
            var now = DateTimeOffset.UtcNow;
            using (var transaction = _store.BeginWrite())
            {
                foreach (var customerId in customerIds.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    using var command = _store.Command(
                        @"INSERT INTO auto_sync_settings (customer_id, enabled, enabled_sources, interval_hours, next_run_at, updated_at)
                          VALUES ($customer, $enabled, coalesce($source, 'S3'), coalesce($interval, $defaultInterval), $next, $now)
                          ON CONFLICT (customer_id) DO UPDATE SET
                              enabled = excluded.enabled,
                              enabled_sources = coalesce($source, auto_sync_settings.enabled_sources),
                              interval_hours = coalesce($interval, auto_sync_settings.interval_hours),
                              next_run_at = CASE WHEN excluded.enabled = 0 THEN NULL
                                                 WHEN auto_sync_settings.last_run_at IS NULL THEN excluded.next_run_at
                                                 ELSE auto_sync_settings.last_run_at + coalesce($interval, auto_sync_settings.interval_hours) * 3600000 END,
                              updated_at = excluded.updated_at;",
                        transaction);
                    command.Parameters.AddWithValue("$customer", customerId);
                    command.Parameters.AddWithValue("$enabled", enabled ? 1 : 0);
                    command.Parameters.AddWithValue("$source", (object?)source?.ToUpperInvariant() ?? DBNull.Value);
                    command.Parameters.AddWithValue("$interval", (object?)intervalHours ?? DBNull.Value);
                    command.Parameters.AddWithValue("$defaultInterval", AutoSyncSetting.DefaultIntervalHours);
                    command.Parameters.AddWithValue("$next", enabled ? UnixTime.ToStored(now) : (object)DBNull.Value);
                    command.Parameters.AddWithValue("$now", UnixTime.ToStored(now));
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            return Get(customerIds);
        }

        /// <summary>The settings of these customers, or of every customer that has one.</summary>
        public IReadOnlyList<AutoSyncSetting> Get(IReadOnlyCollection<string>? customerIds = null)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = "SELECT customer_id, enabled, enabled_sources, interval_hours, last_run_at, next_run_at FROM auto_sync_settings WHERE 1 = 1"
                + SqlFilters.InList("customer_id", "$customer", customerIds, command) + " ORDER BY customer_id;";
            var settings = new List<AutoSyncSetting>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                settings.Add(new AutoSyncSetting
                {
                    CustomerId = reader.GetString(0),
                    Enabled = reader.GetInt64(1) != 0,
                    EnabledSources = reader.GetString(2),
                    IntervalHours = reader.GetInt32(3),
                    LastRunAt = reader.IsDBNull(4) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(4)),
                    NextRunAt = reader.IsDBNull(5) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(5)),
                });
            }

            return settings;
        }

        internal void RecordRun(string customerId, DateTimeOffset startedAt, IUnitOfWork? transaction = null)
        {
            using var command = _store.Command(
                @"UPDATE auto_sync_settings SET last_run_at = $started,
                      next_run_at = CASE WHEN enabled = 1 THEN $started + interval_hours * 3600000 ELSE NULL END
                  WHERE customer_id = $customer;",
                transaction);
            command.Parameters.AddWithValue("$started", UnixTime.ToStored(startedAt));
            command.Parameters.AddWithValue("$customer", customerId);
            command.ExecuteNonQuery();
        }

        private static void Validate(IReadOnlyCollection<string> customerIds, string? source, int? intervalHours)
        {
            if (customerIds.Count == 0 || customerIds.Count > MaxCustomersPerCall)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.TooManyCustomerIds",
                    FailureKind.LimitExceeded,
                    $"Give between 1 and {MaxCustomersPerCall} customer ids per call; {customerIds.Count} were given. Split the list into batches of {MaxCustomersPerCall}.",
                    customerIds.Count);
            }

            if (customerIds.Any(string.IsNullOrWhiteSpace))
            {
                throw new CarbonSpacesException("CarbonSpaces.EmptyCustomerId", FailureKind.InvalidArgument, "A customer id is empty. Remove empty entries from -CustomerId.", null);
            }

            if (source != null && !Sources.Contains(source, StringComparer.OrdinalIgnoreCase))
            {
                throw new CarbonSpacesException("CarbonSpaces.UnknownSource", FailureKind.InvalidArgument, $"'{source}' is not a source auto-sync knows. Use S3 (Amazon S3 and Spaces) or ALL.", source);
            }

            if (intervalHours.HasValue && !AutoSyncSetting.AllowedIntervals.Contains(intervalHours.Value))
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidInterval", FailureKind.InvalidArgument, $"An interval of {intervalHours} hours is not offered. Use 3, 6, 12 or 24.", intervalHours);
            }
        }
    }
}
