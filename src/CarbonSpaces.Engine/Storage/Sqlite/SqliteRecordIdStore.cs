using System.Collections.Generic;
using CarbonSpaces.Engine.Storage.Rows;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>Looks ids up in data_sources, items and files, and in the events that name them.</summary>
    internal sealed class SqliteRecordIdStore : IRecordIdStore
    {
        private readonly SqliteStore _store;

        public SqliteRecordIdStore(SqliteStore store)
        {
            _store = store;
        }

        public ISet<long> Unknown(RecordKind kind, IReadOnlyCollection<long> ids, bool includeHistory)
        {
            var (table, eventColumn) = RecordTables.Of(kind);
            var history = includeHistory && eventColumn != null
                ? $" AND asked.value NOT IN (SELECT {eventColumn} FROM events WHERE {eventColumn} IS NOT NULL)"
                : string.Empty;
            using var command = _store.Command(
                $"SELECT asked.value FROM json_each($ids) asked WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = asked.value){history};");
            command.Parameters.AddWithValue("$ids", SqlFilters.JsonArray(ids));
            return FirstColumn.LongSet(command);
        }
    }
}
