using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage.Rows;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>Reads the chunks a ranking found, with their files, for the results.</summary>
    internal sealed class SearchHitReader
    {
        private readonly SqliteStore _store;

        public SearchHitReader(SqliteStore store)
        {
            _store = store;
        }

        /// <summary>The chunks of <paramref name="chunkIds"/> that still exist, by id (scores and ranks are the caller's).</summary>
        public IReadOnlyDictionary<long, SearchHit> Read(IEnumerable<long> chunkIds)
        {
            var ids = chunkIds.Distinct().ToList();
            if (ids.Count == 0)
            {
                return new Dictionary<long, SearchHit>();
            }

            using var command = _store.Command(
                $"SELECT {SearchHitRows.Columns} FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id IN (SELECT value FROM json_each($ids));");
            command.Parameters.AddWithValue("$ids", SqlFilters.JsonArray(ids));
            return SearchHitRows.ByChunkId(command);
        }
    }
}
