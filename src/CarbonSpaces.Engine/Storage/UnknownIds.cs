using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The kinds of record a user names by number with -Id, -DataSourceId, -FileId or -ParentId.</summary>
    public enum RecordKind
    {
        DataSource,
        Item,
        File,
    }

    /// <summary>
    /// Which of the ids a user named no record has. An id asked for by number that does not exist is
    /// an error, the same one whichever command was given it; a filter that matches nothing (a -Name
    /// wildcard) is not, as with PowerShell's own commands.
    /// </summary>
    public sealed class UnknownIds
    {
        private readonly IStore _store;

        public UnknownIds(IStore store)
        {
            _store = store;
        }

        /// <summary>The ids of <paramref name="ids"/> that name no record of that kind, each once, in the order given.</summary>
        /// <param name="includeHistory">
        /// Whether an id only the event log still names (a removed file, a disconnected data source) counts as
        /// known: its history can still be asked for.
        /// </param>
        public IReadOnlyList<long> Find(RecordKind kind, IReadOnlyCollection<long>? ids, bool includeHistory = false)
        {
            if (ids == null || ids.Count == 0)
            {
                return new long[0];
            }

            var unknown = _store.RecordIds.Unknown(kind, ids, includeHistory);
            return ids.Distinct().Where(unknown.Contains).ToList();
        }

        /// <summary>The error for an id that names no record of that kind.</summary>
        public static CarbonSpacesException NotFound(RecordKind kind, long id) => kind switch
        {
            RecordKind.DataSource => DataSource.NotFound(id),
            RecordKind.File => SyncedFile.NotFound(id),
            _ => Item.NotFound(id),
        };
    }
}
