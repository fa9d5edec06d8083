using System;
using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Auto-sync settings read from rows of the auto_sync_settings table, on any backend.</summary>
    internal static class AutoSyncSettingRows
    {
        /// <summary>The columns <see cref="ReadAll"/> reads, in its order.</summary>
        public const string Columns = "customer_id, enabled, enabled_sources, interval_hours, last_run_at, next_run_at";

        /// <summary>The settings of the command's rows, which hold the <see cref="Columns"/>.</summary>
        public static IReadOnlyList<AutoSyncSetting> ReadAll(DbCommand command)
        {
            var settings = new List<AutoSyncSetting>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                settings.Add(new AutoSyncSetting
                {
                    CustomerId = reader.GetString(0),

                    // A boolean in PostgreSQL; SQLite's GetBoolean reads its 0 or 1 as the integer's != 0.
                    Enabled = reader.GetBoolean(1),
                    EnabledSources = reader.GetString(2),
                    IntervalHours = reader.GetInt32(3),
                    LastRunAt = reader.IsDBNull(4) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(4)),
                    NextRunAt = reader.IsDBNull(5) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(5)),
                });
            }

            return settings;
        }
    }
}
