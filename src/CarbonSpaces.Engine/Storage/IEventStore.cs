using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Events;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The event log as the store keeps it: appended inside the write it records, read in order.</summary>
    public interface IEventStore
    {
        /// <summary>Records one event in <paramref name="work"/>, so it lands exactly when the change it tells of does.</summary>
        void Append(IUnitOfWork work, string type, DateTimeOffset at, long? dataSourceId, long? fileId, string message);

        /// <summary>The events matching every filter of <paramref name="query"/>, oldest first.</summary>
        IReadOnlyList<SyncEvent> Query(EventQuery query);
    }
}
