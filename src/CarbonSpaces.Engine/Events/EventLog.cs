using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Events
{
    /// <summary>The local stand-in for Carbon's webhooks: what happened, when, to which source and file.</summary>
    public sealed class EventLog
    {
        private readonly SqliteStore _store;

        public EventLog(SqliteStore store)
        {
            _store = store;
        }

        /// <summary>Appends an event inside the caller's transaction, so it is recorded exactly when the change is.</summary>
        internal void Append(IUnitOfWork transaction, string type, long? dataSourceId, long? fileId, string message)
        {
            var command = _store.Reuse(
                "INSERT INTO events (type, at, data_source_id, file_id, message) VALUES ($type, $at, $ds, $file, $message);",
                transaction);
            command.Parameters.AddWithValue("$type", type);
            command.Parameters.AddWithValue("$at", UnixTime.ToStored(DateTimeOffset.UtcNow));
            command.Parameters.AddWithValue("$ds", (object?)dataSourceId ?? DBNull.Value);
            command.Parameters.AddWithValue("$file", (object?)fileId ?? DBNull.Value);
            command.Parameters.AddWithValue("$message", message);
            command.ExecuteNonQuery();
        }

        public IReadOnlyList<SyncEvent> Query(EventQuery query)
        {
            var sql = "SELECT id, type, at, data_source_id, file_id, message FROM events WHERE 1 = 1";
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

    public sealed class EventQuery
    {
        public DateTimeOffset? Since { get; set; }

        public IReadOnlyCollection<string>? Types { get; set; }

        public IReadOnlyCollection<long>? FileIds { get; set; }

        public IReadOnlyCollection<long>? DataSourceIds { get; set; }
    }

    public sealed class SyncEvent
    {
        public SyncEvent(long id, string type, DateTimeOffset at, long? dataSourceId, long? fileId, string message)
        {
            Id = id;
            Type = type;
            At = at;
            DataSourceId = dataSourceId;
            FileId = fileId;
            Message = message;
        }

        public long Id { get; }

        public string Type { get; }

        public DateTimeOffset At { get; }

        public long? DataSourceId { get; }

        public long? FileId { get; }

        public string Message { get; }
    }

    /// <summary>Carbon's webhook names, used as event types.</summary>
    public static class EventTypes
    {
        public const string DataSourceAdded = "ADD";
        public const string DataSourceUpdated = "UPDATE";
        public const string DataSourceRevoked = "REVOKE";
        public const string ItemsSynced = "ITEMS_SYNCED";
        public const string FilesCreated = "FILES_CREATED";
        public const string FileReady = "FILE_READY";
        public const string FileError = "FILE_ERROR";
        public const string FileDeleted = "FILE_DELETED";
    }
}
