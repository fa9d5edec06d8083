using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>Reads the chunks a ranking found, with their files, for the results.</summary>
    internal sealed class PostgresSearchHitReader
    {
        private readonly PostgresStore _store;

        public PostgresSearchHitReader(PostgresStore store)
        {
            _store = store;
        }

        /// <summary>The chunks of <paramref name="chunkIds"/> that still exist, by id (scores and ranks are the caller's).</summary>
        public IReadOnlyDictionary<long, SearchHit> Read(IEnumerable<long> chunkIds)
        {
            var ids = chunkIds.Distinct().ToArray();
            if (ids.Length == 0)
            {
                return new Dictionary<long, SearchHit>();
            }

            using var command = _store.Command($"SELECT {SearchHitRows.Columns} FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id = ANY(@ids);");
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = ids });
            return SearchHitRows.ByChunkId(command);
        }
    }
}
