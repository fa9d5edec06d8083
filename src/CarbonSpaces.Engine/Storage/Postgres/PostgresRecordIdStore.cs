using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Storage.Rows;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>Looks ids up in data_sources, items and files, and in the events that name them.</summary>
    internal sealed class PostgresRecordIdStore : IRecordIdStore
    {
        private readonly PostgresStore _store;

        public PostgresRecordIdStore(PostgresStore store)
        {
            _store = store;
        }

        public ISet<long> Unknown(RecordKind kind, IReadOnlyCollection<long> ids, bool includeHistory)
        {
            var (table, eventColumn) = RecordTables.Of(kind);
            var history = includeHistory && eventColumn != null
                ? $" AND NOT EXISTS (SELECT 1 FROM events e WHERE e.{eventColumn} = asked.id)"
                : string.Empty;

            // The ids travel as one array, unnested on the server: one statement for thousands of ids (piped in, say).
            using var command = _store.Command(
                $"SELECT asked.id FROM unnest(@ids) AS asked (id) WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = asked.id){history};");
            command.Parameters.AddWithValue("ids", ids.ToArray());
            return FirstColumn.LongSet(command);
        }
    }
}
