using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>The chunks table of the SQLite store; the keyword index follows it through the table's triggers.</summary>
    internal sealed class SqliteChunkStore : IChunkStore
    {
        private readonly SqliteStore _store;

        public SqliteChunkStore(SqliteStore store)
        {
            _store = store;
        }

        public IChunkWriter OpenWriter() => new SqliteChunkWriter(_store);

        public IEnumerable<StoredChunk> ForFile(long fileId)
        {
            using var command = _store.Command(
                "SELECT chunk_index, content, tokens, page, start_offset, end_offset, start_time_ms, end_time_ms FROM chunks WHERE file_id = $file ORDER BY chunk_index;");
            command.Parameters.AddWithValue("$file", fileId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                yield return new StoredChunk(
                    fileId,
                    reader.GetInt32(0),
                    reader.GetString(1),
                    reader.GetInt32(2),
                    reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3),
                    reader.GetInt32(4),
                    reader.GetInt32(5),
                    reader.IsDBNull(6) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
                    reader.IsDBNull(7) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(7)));
            }
        }
    }
}
