using System.Collections.Generic;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>Which ids a user named have a record: data sources, items and files, and the event log's history of them.</summary>
    public interface IRecordIdStore
    {
        /// <summary>The ids of <paramref name="ids"/> that name no record of that kind.</summary>
        /// <param name="includeHistory">Whether an id the event log still names (a removed file, a disconnected data source) counts as known.</param>
        ISet<long> Unknown(RecordKind kind, IReadOnlyCollection<long> ids, bool includeHistory);
    }
}
