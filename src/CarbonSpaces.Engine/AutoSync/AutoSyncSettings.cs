using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>Set-/Get-CarbonAutoSync: the per-customer settings.</summary>
    public sealed class AutoSyncSettings
    {
        public const int MaxCustomersPerCall = 100;

        private static readonly string[] Sources = { "S3", "ALL" };

        private readonly IStore _store;

        internal AutoSyncSettings(IStore store)
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
            using (var work = _store.BeginWrite())
            {
                _store.AutoSync.SaveSettings(work, customerIds.Distinct(StringComparer.OrdinalIgnoreCase), enabled, source?.ToUpperInvariant(), intervalHours, DateTimeOffset.UtcNow);
                work.Commit();
            }

            return Get(customerIds);
        }

        /// <summary>The settings of these customers, or of every customer that has one.</summary>
        public IReadOnlyList<AutoSyncSetting> Get(IReadOnlyCollection<string>? customerIds = null) => _store.AutoSync.ListSettings(customerIds);

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
