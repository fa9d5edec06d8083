using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Files;
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
                "SELECT chunk_index, content, tokens, page, start_offset, end_offset, start_time_ms, end_time_ms FROM chunks WHERE file_id = @file ORDER BY chunk_index;");
            command.Parameters.Add(new Npgsql.NpgsqlParameter("file", NpgsqlDbType.Bigint) { Value = fileId });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return new StoredChunk(
                    fileId,
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3),
                    checked((int)reader.GetInt64(4)),
                    checked((int)reader.GetInt64(5)),
                    reader.IsDBNull(6) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
                    reader.IsDBNull(7) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(7)));
            }
        }
    }
}
