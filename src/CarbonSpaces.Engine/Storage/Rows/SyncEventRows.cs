using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Events read from rows of the events table, on any backend.</summary>
    internal static class SyncEventRows
    {
        /// <summary>The columns <see cref="ReadAll"/> reads, in its order.</summary>
        public const string Columns = "id, type, at, data_source_id, file_id, message";

        /// <summary>The events of the command's rows, which hold the <see cref="Columns"/>.</summary>
        public static IReadOnlyList<SyncEvent> ReadAll(DbCommand command)
        {
            var events = new List<SyncEvent>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                events.Add(new SyncEvent(
                    reader.GetInt64(0),
                    reader.GetString(1),
                    UnixTime.FromStored(reader.GetInt64(2)),
                    reader.IsDBNull(3) ? (long?)null : reader.GetInt64(3),
                    reader.IsDBNull(4) ? (long?)null : reader.GetInt64(4),
                    reader.GetString(5)));
            }

            return events;
        }
    }
}
