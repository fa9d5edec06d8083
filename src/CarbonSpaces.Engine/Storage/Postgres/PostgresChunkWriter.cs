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
    /// <remarks>
    /// Each call makes its batch anew: a unit of work may hold any connection of the pool, and a batch prepared on one
    /// connection and executed on another sent the first one's statement names to the second ("prepared statement
    /// "_p6" does not exist", or another statement's parameters), as a sync's writer met once the pool held two
    /// connections. Npgsql keeps each connection's prepared statements by their SQL, so a new batch of the same SQL
    /// finds them prepared there and costs no round trip more.
    /// </remarks>
    internal sealed class PostgresChunkWriter : IChunkWriter
    {
        private const string DeleteSql = "DELETE FROM chunks WHERE file_id = $1;";

        // RETURNING gives no order of its own: each id comes back with its chunk's index.
        private const string InsertSql =
            @"INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset, page, start_time_ms, end_time_ms)
              SELECT $1, * FROM unnest($2, $3, $4, $5, $6, $7, $8, $9)
              RETURNING id, chunk_index;";

        public IReadOnlyList<long> Replace(IUnitOfWork work, long fileId, IReadOnlyList<TextChunk> chunks)
        {
            var unit = PostgresUnitOfWork.Of(work)
                ?? throw new ArgumentNullException(nameof(work), "Chunks are replaced inside a unit of work.");
            using var batch = new NpgsqlBatch(unit.Connection, unit.Transaction);
            var delete = new NpgsqlBatchCommand(DeleteSql);
            delete.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = fileId });
            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = fileId });
            Bind(insert.Parameters, chunks);
            batch.BatchCommands.Add(delete);
            batch.BatchCommands.Add(insert);

            var positions = new Dictionary<int, int>(chunks.Count);
            for (var i = 0; i < chunks.Count; i++)
            {
                positions[chunks[i].Index] = i;
            }

            var chunkIds = new long[chunks.Count];
            batch.Prepare();
            using (var reader = batch.ExecuteReader())
            {
                while (reader.Read())
                {
                    chunkIds[positions[reader.GetInt32(1)]] = reader.GetInt64(0);
                }
            }

            return chunkIds;
        }

        public void Dispose()
        {
            // Nothing is held between calls (see the remarks).
        }

        /// <summary>Adds the chunks' columns as arrays, in the order of the insert's unnest($2 … $9).</summary>
        private static void Bind(NpgsqlParameterCollection parameters, IReadOnlyList<TextChunk> chunks)
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

            parameters.Add(Array(NpgsqlDbType.Integer, index));
            parameters.Add(Array(NpgsqlDbType.Text, content));
            parameters.Add(Array(NpgsqlDbType.Integer, tokens));
            parameters.Add(Array(NpgsqlDbType.Bigint, start));
            parameters.Add(Array(NpgsqlDbType.Bigint, end));
            parameters.Add(Array(NpgsqlDbType.Integer, page));
            parameters.Add(Array(NpgsqlDbType.Bigint, startTime));
            parameters.Add(Array(NpgsqlDbType.Bigint, endTime));
        }

        private static long? Milliseconds(TimeSpan? time) => time.HasValue ? (long)Math.Round(time.Value.TotalMilliseconds) : (long?)null;

        private static NpgsqlParameter Array(NpgsqlDbType element, object values) => new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | element, Value = values };
    }
}
