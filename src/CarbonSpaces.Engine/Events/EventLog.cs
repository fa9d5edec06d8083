using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Events
{
    /// <summary>The local stand-in for Carbon's webhooks: what happened, when, to which source and file.</summary>
    public sealed class EventLog
    {
        private readonly IEventStore _events;

        public EventLog(IStore store)
        {
            _events = store.Events;
        }

        /// <summary>Appends an event inside the caller's unit of work, so it is recorded exactly when the change is.</summary>
        internal void Append(IUnitOfWork work, string type, long? dataSourceId, long? fileId, string message) =>
            _events.Append(work, type, DateTimeOffset.UtcNow, dataSourceId, fileId, message);

        public IReadOnlyList<SyncEvent> Query(EventQuery query) => _events.Query(query);
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
