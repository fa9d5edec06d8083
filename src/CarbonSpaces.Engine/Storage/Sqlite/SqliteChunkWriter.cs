using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Chunking;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>
    /// Replaces a file's chunks inside the caller's transaction: a search sees the old chunks or
    /// the new ones, never a mix. The keyword index follows through the chunks table's triggers, and
    /// the old vectors go with their chunks (by cascade).
    /// </summary>
    internal sealed class SqliteChunkWriter : IChunkWriter
    {
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;

        public SqliteChunkWriter(SqliteStore store)
        {
            _delete = store.Command("DELETE FROM chunks WHERE file_id = $file;");
            _delete.Parameters.Add(new SqliteParameter { ParameterName = "$file" });
            _insert = store.Command(
                @"INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset, page, start_time_ms, end_time_ms)
                  VALUES ($file, $index, $content, $tokens, $start, $end, $page, $startTime, $endTime) RETURNING id;");
            foreach (var name in new[] { "$file", "$index", "$content", "$tokens", "$start", "$end", "$page", "$startTime", "$endTime" })
            {
                _insert.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        public IReadOnlyList<long> Replace(IUnitOfWork work, long fileId, IReadOnlyList<TextChunk> chunks)
        {
            _delete.Transaction = SqliteUnitOfWork.Of(work);
            _insert.Transaction = SqliteUnitOfWork.Of(work);
            _delete.Parameters["$file"].Value = fileId;
            _delete.ExecuteNonQuery();

            var chunkIds = new long[chunks.Count];
            _insert.Parameters["$file"].Value = fileId;
            for (int i = 0; i < chunks.Count; i++)
            {
                var chunk = chunks[i];
                _insert.Parameters["$index"].Value = chunk.Index;
                _insert.Parameters["$content"].Value = chunk.Content;
                _insert.Parameters["$tokens"].Value = chunk.Tokens;
                _insert.Parameters["$start"].Value = chunk.StartOffset;
                _insert.Parameters["$end"].Value = chunk.EndOffset;
                _insert.Parameters["$page"].Value = (object?)chunk.Page ?? DBNull.Value;
                _insert.Parameters["$startTime"].Value = Milliseconds(chunk.StartTime);
                _insert.Parameters["$endTime"].Value = Milliseconds(chunk.EndTime);
                chunkIds[i] = (long)_insert.ExecuteScalar()!;
            }

            return chunkIds;
        }

        private static object Milliseconds(TimeSpan? time) => time.HasValue ? (object)(long)Math.Round(time.Value.TotalMilliseconds) : DBNull.Value;

        public void Dispose()
        {
            _delete.Dispose();
            _insert.Dispose();
        }
    }
}
