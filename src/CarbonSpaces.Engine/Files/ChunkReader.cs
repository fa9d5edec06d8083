using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>Reads a file's chunks back in order, streaming, so a large file never sits in memory whole.</summary>
    public sealed class ChunkReader
    {
        private readonly SqliteStore _store;

        public ChunkReader(SqliteStore store)
        {
            _store = store;
        }

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
