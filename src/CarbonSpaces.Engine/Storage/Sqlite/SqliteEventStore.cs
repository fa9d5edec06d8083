using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage.Rows;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>The events table.</summary>
    internal sealed class SqliteEventStore : IEventStore
    {
        private readonly SqliteStore _store;

        public SqliteEventStore(SqliteStore store)
        {
            _store = store;
        }

        public void Append(IUnitOfWork work, string type, DateTimeOffset at, long? dataSourceId, long? fileId, string message)
        {
            var command = _store.Reuse(
                "INSERT INTO events (type, at, data_source_id, file_id, message) VALUES ($type, $at, $ds, $file, $message);",
                work);
            command.Parameters.AddWithValue("$type", type);
            command.Parameters.AddWithValue("$at", UnixTime.ToStored(at));
            command.Parameters.AddWithValue("$ds", (object?)dataSourceId ?? DBNull.Value);
            command.Parameters.AddWithValue("$file", (object?)fileId ?? DBNull.Value);
            command.Parameters.AddWithValue("$message", message);
            command.ExecuteNonQuery();
        }

        public IReadOnlyList<SyncEvent> Query(EventQuery query)
        {
            var sql = $"SELECT {SyncEventRows.Columns} FROM events WHERE 1 = 1";
            using var command = _store.Command(string.Empty);
            if (query.Since.HasValue)
            {
                sql += " AND at >= $since";
                command.Parameters.AddWithValue("$since", UnixTime.ToStored(query.Since.Value));
            }

            sql += SqlFilters.InList("type", "$type", query.Types, command);
            sql += SqlFilters.InList("file_id", "$file", query.FileIds, command);
            sql += SqlFilters.InList("data_source_id", "$ds", query.DataSourceIds, command);
            sql += " ORDER BY id";
            command.CommandText = sql;
            return SyncEventRows.ReadAll(command);
        }
    }
}
