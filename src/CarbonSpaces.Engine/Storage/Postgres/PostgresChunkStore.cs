using System.Collections.Generic;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Storage.Rows;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>The chunks table of the PostgreSQL store; the keyword index is a column of it, generated from the text.</summary>
    internal sealed class PostgresChunkStore : IChunkStore
    {
        private readonly PostgresStore _store;

        public PostgresChunkStore(PostgresStore store)
        {
            _store = store;
        }

        public IChunkWriter OpenWriter() => new PostgresChunkWriter();

        public IEnumerable<StoredChunk> ForFile(long fileId)
        {
            using var command = _store.Command(
                $"SELECT {StoredChunkRows.Columns} FROM chunks WHERE file_id = @file ORDER BY chunk_index;");
            command.Parameters.Add(new Npgsql.NpgsqlParameter("file", NpgsqlDbType.Bigint) { Value = fileId });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return StoredChunkRows.Read(reader, fileId);
            }
        }
    }
}
