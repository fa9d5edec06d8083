using System;
using System.Data.Common;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>A file's chunks read from rows of the chunks table, on any backend.</summary>
    internal static class StoredChunkRows
    {
        /// <summary>The columns <see cref="Read"/> reads, in its order.</summary>
        public const string Columns = "chunk_index, content, tokens, page, start_offset, end_offset, start_time_ms, end_time_ms";

        /// <summary>The chunk of file <paramref name="fileId"/> in a row that holds the <see cref="Columns"/>.</summary>
        public static StoredChunk Read(DbDataReader reader, long fileId) =>
            new StoredChunk(
                fileId,
                reader.GetInt32(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3),

                // The offsets are bigint columns in PostgreSQL, where GetInt32 refuses them; SQLite's GetInt32 converts the same way.
                checked((int)reader.GetInt64(4)),
                checked((int)reader.GetInt64(5)),
                reader.IsDBNull(6) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(6)),
                reader.IsDBNull(7) ? (TimeSpan?)null : TimeSpan.FromMilliseconds(reader.GetInt64(7)));
    }
}
