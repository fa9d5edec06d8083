using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage.Rows;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>The events table.</summary>
    internal sealed class PostgresEventStore : IEventStore
    {
        private readonly PostgresStore _store;

        public PostgresEventStore(PostgresStore store)
        {
            _store = store;
        }

        public void Append(IUnitOfWork work, string type, DateTimeOffset at, long? dataSourceId, long? fileId, string message)
        {
            using var command = _store.Command(
                "INSERT INTO events (type, at, data_source_id, file_id, message) VALUES (@type, @at, @ds, @file, @message);",
                work);
            command.Parameters.AddWithValue("type", type);
            command.Parameters.AddWithValue("at", UnixTime.ToStored(at));
            command.Parameters.Add("ds", NpgsqlDbType.Bigint).Value = (object?)dataSourceId ?? DBNull.Value;
            command.Parameters.Add("file", NpgsqlDbType.Bigint).Value = (object?)fileId ?? DBNull.Value;
            command.Parameters.AddWithValue("message", message);

            // Appended per file by the sync: prepared once per pooled connection, later appends skip the parse.
            command.Prepare();
            command.ExecuteNonQuery();
        }

        public IReadOnlyList<SyncEvent> Query(EventQuery query)
        {
            var sql = $"SELECT {SyncEventRows.Columns} FROM events WHERE true";
            using var command = _store.Command(string.Empty);
            if (query.Since.HasValue)
            {
                sql += " AND at >= @since";
                command.Parameters.AddWithValue("since", UnixTime.ToStored(query.Since.Value));
            }

            sql += PostgresFilters.InList("type", "types", query.Types, command.Parameters);
            sql += PostgresFilters.InList("file_id", "files", query.FileIds, command.Parameters);
            sql += PostgresFilters.InList("data_source_id", "sources", query.DataSourceIds, command.Parameters);

            command.CommandText = sql + " ORDER BY id";
            return SyncEventRows.ReadAll(command);
        }
    }
}
