using System;
using EngineEvents = CarbonSpaces.Engine.Events;

namespace CarbonSpaces
{
    /// <summary>An entry of the event log: the local stand-in for Carbon's webhooks.</summary>
    public sealed class SyncEvent
    {
        internal SyncEvent(EngineEvents.SyncEvent syncEvent)
        {
            Id = syncEvent.Id;
            Type = syncEvent.Type;
            At = syncEvent.At;
            DataSourceId = syncEvent.DataSourceId;
            FileId = syncEvent.FileId;
            Message = syncEvent.Message;
        }

        public long Id { get; }

        /// <summary>ADD, UPDATE, REVOKE, ITEMS_SYNCED, FILES_CREATED, FILE_READY, FILE_ERROR, FILE_DELETED.</summary>
        public string Type { get; }

        public DateTimeOffset At { get; }

        public long? DataSourceId { get; }

        public long? FileId { get; }

        public string Message { get; }
    }
}
