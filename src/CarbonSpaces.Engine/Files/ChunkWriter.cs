using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>
    /// Replaces a file's chunks inside the caller's transaction: a search sees the old chunks or
    /// the new ones, never a mix. The keyword index follows through the chunks table's triggers, and
    /// the vectors go with their chunks and come back through the vector index.
    /// </summary>
    internal sealed class ChunkWriter : IDisposable
    {
        private readonly SqliteCommand _delete;
        private readonly SqliteCommand _insert;
        private readonly IVectorIndex _vectors;

        public ChunkWriter(SqliteStore store, IVectorIndex vectors)
        {
            _vectors = vectors;
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

        public void Replace(IUnitOfWork transaction, long fileId, FileBuild build)
        {
            var chunks = build.Chunks;
            _delete.Transaction = SqliteUnitOfWork.Of(transaction);
            _insert.Transaction = SqliteUnitOfWork.Of(transaction);
            _delete.Parameters["$file"].Value = fileId;
            _delete.ExecuteNonQuery();

            _insert.Parameters["$file"].Value = fileId;
            foreach (var chunk in chunks)
            {
                _insert.Parameters["$index"].Value = chunk.Index;
                _insert.Parameters["$content"].Value = chunk.Content;
                _insert.Parameters["$tokens"].Value = chunk.Tokens;
                _insert.Parameters["$start"].Value = chunk.StartOffset;
                _insert.Parameters["$end"].Value = chunk.EndOffset;
                _insert.Parameters["$page"].Value = (object?)chunk.Page ?? DBNull.Value;
                _insert.Parameters["$startTime"].Value = Milliseconds(chunk.StartTime);
                _insert.Parameters["$endTime"].Value = Milliseconds(chunk.EndTime);
                long chunkId = (long)_insert.ExecuteScalar()!;
                if (build.Embeddings != null)
                {
                    _vectors.Add(transaction, chunkId, build.EmbeddingModel!, build.Embeddings[chunk.Index]);
                }
            }
        }

        private static object Milliseconds(TimeSpan? time) => time.HasValue ? (object)(long)Math.Round(time.Value.TotalMilliseconds) : DBNull.Value;

        public void Dispose()
        {
            _delete.Dispose();
            _insert.Dispose();
        }
    }
}
