using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Search;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>Reads the chunks a ranking found, with their files, for the results.</summary>
    internal sealed class PostgresSearchHitReader
    {
        /// <summary>The columns <see cref="FromRow"/> reads, in its order, of chunks <c>c</c> and files <c>f</c>.</summary>
        public const string Columns =
            "c.id, c.file_id, c.chunk_index, c.content, c.page, f.name, f.bucket, f.key, f.tags, f.data_source_metadata, f.file_metadata";

        private readonly PostgresStore _store;

        public PostgresSearchHitReader(PostgresStore store)
        {
            _store = store;
        }

        /// <summary>The chunks of <paramref name="chunkIds"/> that still exist, by id (scores and ranks are the caller's).</summary>
        public IReadOnlyDictionary<long, SearchHit> Read(IEnumerable<long> chunkIds)
        {
            var hits = new Dictionary<long, SearchHit>();
            var ids = chunkIds.Distinct().ToArray();
            if (ids.Length == 0)
            {
                return hits;
            }

            using var command = _store.Command($"SELECT {Columns} FROM chunks c JOIN files f ON f.id = c.file_id WHERE c.id = ANY(@ids);");
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = ids });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                hits[reader.GetInt64(0)] = FromRow(reader);
            }

            return hits;
        }

        /// <summary>A hit from a row that starts with the <see cref="Columns"/>.</summary>
        internal static SearchHit FromRow(NpgsqlDataReader reader) => new SearchHit
        {
            ChunkId = reader.GetInt64(0),
            FileId = reader.GetInt64(1),
            ChunkIndex = reader.GetInt32(2),
            Content = reader.GetString(3),
            Page = reader.IsDBNull(4) ? (int?)null : reader.GetInt32(4),
            Name = reader.GetString(5),
            Bucket = reader.GetString(6),
            Key = reader.GetString(7),
            Tags = Tags.FromJson(reader.GetString(8)),
            DataSourceMetadata = reader.GetString(9),
            FileMetadata = reader.GetString(10),
        };
    }
}
