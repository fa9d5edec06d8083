using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Chunking;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// Replaces a file's chunks inside the caller's transaction: a search sees the old chunks or the new ones, never
    /// a mix. One round trip a file: a batch of the delete and one INSERT … SELECT FROM unnest(…) of every chunk as
    /// arrays, prepared once per pooled connection. The keyword index is a generated column of the chunk, and the old
    /// vectors go with their chunks (by cascade).
    /// </summary>
    internal sealed class PostgresChunkWriter : IChunkWriter
    {
        private readonly NpgsqlBatch _batch = new NpgsqlBatch();
        private readonly NpgsqlParameter _deleteFile = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint };
        private readonly NpgsqlParameter _file = new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint };
        private readonly NpgsqlParameter _index = Array(NpgsqlDbType.Integer);
        private readonly NpgsqlParameter _content = Array(NpgsqlDbType.Text);
        private readonly NpgsqlParameter _tokens = Array(NpgsqlDbType.Integer);
        private readonly NpgsqlParameter _start = Array(NpgsqlDbType.Bigint);
        private readonly NpgsqlParameter _end = Array(NpgsqlDbType.Bigint);
        private readonly NpgsqlParameter _page = Array(NpgsqlDbType.Integer);
        private readonly NpgsqlParameter _startTime = Array(NpgsqlDbType.Bigint);
        private readonly NpgsqlParameter _endTime = Array(NpgsqlDbType.Bigint);

        public PostgresChunkWriter()
        {
            var delete = new NpgsqlBatchCommand("DELETE FROM chunks WHERE file_id = $1;");
            delete.Parameters.Add(_deleteFile);
            // RETURNING gives no order of its own: each id comes back with its chunk's index.
            var insert = new NpgsqlBatchCommand(
                @"INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset, page, start_time_ms, end_time_ms)
                  SELECT $1, * FROM unnest($2, $3, $4, $5, $6, $7, $8, $9)
                  RETURNING id, chunk_index;");
            foreach (var parameter in new[] { _file, _index, _content, _tokens, _start, _end, _page, _startTime, _endTime })
            {
                insert.Parameters.Add(parameter);
            }

            _batch.BatchCommands.Add(delete);
            _batch.BatchCommands.Add(insert);
        }

        public IReadOnlyList<long> Replace(IUnitOfWork work, long fileId, IReadOnlyList<TextChunk> chunks)
        {
            var unit = PostgresUnitOfWork.Of(work)
                ?? throw new ArgumentNullException(nameof(work), "Chunks are replaced inside a unit of work.");
            _batch.Connection = unit.Connection;
            _batch.Transaction = unit.Transaction;
            _deleteFile.Value = fileId;
            _file.Value = fileId;
            Bind(chunks);

            var positions = new Dictionary<int, int>(chunks.Count);
            for (var i = 0; i < chunks.Count; i++)
            {
                positions[chunks[i].Index] = i;
            }

            var chunkIds = new long[chunks.Count];
            _batch.Prepare();
            using (var reader = _batch.ExecuteReader())
            {
                while (reader.Read())
                {
                    chunkIds[positions[reader.GetInt32(1)]] = reader.GetInt64(0);
                }
            }

            return chunkIds;
        }

        public void Dispose() => _batch.Dispose();

        private void Bind(IReadOnlyList<TextChunk> chunks)
        {
            var count = chunks.Count;
            var index = new int[count];
            var content = new string[count];
            var tokens = new int[count];
            var start = new long[count];
            var end = new long[count];
            var page = new int?[count];
            var startTime = new long?[count];
            var endTime = new long?[count];
            for (var i = 0; i < count; i++)
            {
                var chunk = chunks[i];
                index[i] = chunk.Index;
                content[i] = chunk.Content;
                tokens[i] = chunk.Tokens;
                start[i] = chunk.StartOffset;
                end[i] = chunk.EndOffset;
                page[i] = chunk.Page;
                startTime[i] = Milliseconds(chunk.StartTime);
                endTime[i] = Milliseconds(chunk.EndTime);
            }

            _index.Value = index;
            _content.Value = content;
            _tokens.Value = tokens;
            _start.Value = start;
            _end.Value = end;
            _page.Value = page;
            _startTime.Value = startTime;
            _endTime.Value = endTime;
        }

        private static long? Milliseconds(TimeSpan? time) => time.HasValue ? (long)Math.Round(time.Value.TotalMilliseconds) : (long?)null;

        private static NpgsqlParameter Array(NpgsqlDbType element) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | element };
    }
}
