using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Npgsql;
using Pgvector;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// Vectors in the PostgreSQL store: pgvector's vector a chunk in chunk_vectors, searched by the server with the
    /// cosine distance (&lt;=&gt;), so the score of a match is 1 − the distance: the cosine similarity SQLite's exact
    /// rescoring gives. The vectors of the dimension count step 1 indexes are searched through its HNSW index
    /// (approximate: its candidate list is widened for recall@10 ≥ 0.95 against an exact search); any other count,
    /// and a filter that passes few chunks, are searched exactly, as the SQLite index does.
    /// </summary>
    internal sealed class PostgresVectorIndex : IVectorIndex
    {
        /// <summary>The dimension count of chunk_vectors_hnsw_384 (PostgresMigrations step 1): the built-in models' 384.</summary>
        private const int IndexedDimensions = 384;

        /// <summary>
        /// Up to this many chunks, a filtered search compares every one of their vectors exactly (an index scan
        /// would throw most of its candidates away on the filter); past it, the HNSW index is searched among the
        /// chunks that pass, as the SQLite index scans its in-memory copy among them.
        /// </summary>
        private const int ExactFilterLimit = 10_000;

        private readonly PostgresStore _store;
        private readonly int _exactFilterLimit;

        public PostgresVectorIndex(PostgresStore store)
            : this(store, ExactFilterLimit)
        {
        }

        /// <summary>For tests: a limit small enough to cross with a few files.</summary>
        internal PostgresVectorIndex(PostgresStore store, int exactFilterLimit)
        {
            _store = store;
            _exactFilterLimit = exactFilterLimit;
        }

        public void Add(IUnitOfWork work, long chunkId, string model, float[] vector)
        {
            using var command = _store.Command(
                @"INSERT INTO chunk_vectors (chunk_id, model, vector) VALUES (@chunk, @model, @vector)
                  ON CONFLICT (chunk_id) DO UPDATE SET model = excluded.model, vector = excluded.vector;",
                work);
            command.Parameters.AddWithValue("chunk", chunkId);
            command.Parameters.AddWithValue("model", model);
            command.Parameters.AddWithValue("vector", new Vector(vector));

            // Runs once a chunk: prepared once a pooled connection, then sent as an execution alone.
            command.Prepare();
            command.ExecuteNonQuery();
        }

        /// <summary>One round trip for the file: its vectors go as one array, matched to its chunks by their position.</summary>
        public void ReplaceFile(IUnitOfWork work, long fileId, string model, IReadOnlyList<float[]> vectorsByChunkIndex)
        {
            var unit = PostgresUnitOfWork.Of(work) ?? throw new ArgumentNullException(nameof(work));
            using var batch = new NpgsqlBatch(unit.Connection, unit.Transaction);
            var delete = new NpgsqlBatchCommand("DELETE FROM chunk_vectors WHERE chunk_id IN (SELECT id FROM chunks WHERE file_id = @file);");
            delete.Parameters.AddWithValue("file", fileId);
            var insert = new NpgsqlBatchCommand(
                @"INSERT INTO chunk_vectors (chunk_id, model, vector)
                  SELECT c.id, @model, given.vector
                  FROM unnest(@vectors) WITH ORDINALITY AS given (vector, position)
                  JOIN chunks c ON c.file_id = @file AND c.chunk_index = given.position - 1;");
            insert.Parameters.AddWithValue("model", model);
            insert.Parameters.AddWithValue("vectors", vectorsByChunkIndex.Select(vector => new Vector(vector)).ToArray());
            insert.Parameters.AddWithValue("file", fileId);
            batch.BatchCommands.Add(delete);
            batch.BatchCommands.Add(insert);
            batch.Prepare();
            batch.ExecuteNonQuery();
        }

        public long Count(string model)
        {
            using var command = _store.Command("SELECT count(*) FROM chunk_vectors WHERE model = @model;");
            command.Parameters.AddWithValue("model", model);
            return (long)command.ExecuteScalar()!;
        }

        public bool Holds(string model)
        {
            using var command = _store.Command("SELECT EXISTS (SELECT 1 FROM chunk_vectors WHERE model = @model);");
            command.Parameters.AddWithValue("model", model);
            return (bool)command.ExecuteScalar()!;
        }

        public bool HoldsChunks()
        {
            using var command = _store.Command("SELECT EXISTS (SELECT 1 FROM chunks);");
            return (bool)command.ExecuteScalar()!;
        }

        public IReadOnlyList<VectorMatch> Nearest(float[] query, string model, int top, ChunkFilter filter, CancellationToken cancellation)
        {
            // The HNSW index holds one dimension count only, and scanning it for a filter that passes few chunks finds too few.
            var exact = query.Length != IndexedDimensions || (!filter.IsEmpty && PassesFew(filter));
            var matches = Search(query, model, top, filter, exact, cancellation);
            if (matches.Count == 0)
            {
                RequireDimensions(model, query.Length);
            }

            return matches;
        }

        /// <summary>
        /// How many candidates the HNSW scan keeps (hnsw.ef_search): pgvector's most, 1,000, not its default 40. On random
        /// directions of 384 dimensions (no neighbourhoods to follow, the hard case) recall@10 against an exact search
        /// was 0.20 at 40, 0.44 at 100, 0.84 at 400 and 1.00 at 1,000 among 20,000 vectors, for 10 ms a query; on
        /// clustered ones, as a model's embeddings are, 1.00 from 200 on.
        /// </summary>
        private const int CandidateList = 1_000;

        /// <summary>Whether no more than the exact filter limit of chunks pass the filter (counting stops there).</summary>
        private bool PassesFew(ChunkFilter filter)
        {
            using var command = _store.Command(string.Empty);
            command.Parameters.AddWithValue("cap", _exactFilterLimit + 1);
            command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM files f JOIN chunks c ON c.file_id = f.id WHERE true{filter.Sql(command.Parameters)} LIMIT @cap) capped;";
            return (long)command.ExecuteScalar()! <= _exactFilterLimit;
        }

        /// <summary>
        /// The <paramref name="top"/> vectors of the model nearest the query that pass the filter, exactly (every one
        /// compared; equal distances newest chunk last, by id) or through the HNSW index: its expression and partial
        /// condition are spelled out and the order is the distance alone (a second sort key keeps the planner off the
        /// index), so the planner can use it, with an iterative scan that goes on past the candidate list until enough pass the filter
        /// (strict order: the results come out best first). The settings are the transaction's (SET LOCAL), so the
        /// pooled connection goes back as it was.
        /// </summary>
        private List<VectorMatch> Search(float[] query, string model, int top, ChunkFilter filter, bool exact, CancellationToken cancellation)
        {
            cancellation.ThrowIfCancellationRequested();
            using var connection = _store.OpenConnection();
            using var transaction = connection.BeginTransaction();
            using var batch = new NpgsqlBatch(connection, transaction);
            if (!exact)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand(
                    $"SET LOCAL hnsw.ef_search = {CandidateList.ToString(CultureInfo.InvariantCulture)};"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL hnsw.iterative_scan = strict_order;"));
            }

            var search = new NpgsqlBatchCommand();
            var filters = filter.Sql(search.Parameters);
            var distance = exact ? "v.vector <=> @query" : $"v.vector::vector({IndexedDimensions}) <=> @query::vector({IndexedDimensions})";
            var dimensions = exact ? "@dimensions" : IndexedDimensions.ToString(CultureInfo.InvariantCulture);
            var source = filters.Length == 0 ? "chunk_vectors v" : "chunk_vectors v JOIN chunks c ON c.id = v.chunk_id JOIN files f ON f.id = c.file_id";
            search.CommandText = $@"SELECT v.chunk_id, 1 - ({distance}) FROM {source}
                                    WHERE v.dimensions = {dimensions} AND v.model = @model{filters}
                                    ORDER BY {distance}{(exact ? ", v.chunk_id" : string.Empty)} LIMIT @top;";
            search.Parameters.AddWithValue("query", new Vector(query));
            search.Parameters.AddWithValue("dimensions", query.Length);
            search.Parameters.AddWithValue("model", model);
            search.Parameters.AddWithValue("top", top);
            batch.BatchCommands.Add(search);

            var matches = new List<VectorMatch>();
            using (cancellation.Register(batch.Cancel))
            {
                try
                {
                    using var reader = batch.ExecuteReader();
                    do
                    {
                        while (reader.Read())
                        {
                            matches.Add(new VectorMatch(reader.GetInt64(0), (float)reader.GetDouble(1)));
                        }
                    }
                    while (reader.NextResult());
                }
                catch (PostgresException) when (cancellation.IsCancellationRequested)
                {
                    throw new OperationCanceledException(cancellation);
                }
            }

            transaction.Commit();
            return matches;
        }

        /// <summary>Throws when the model's vectors have another dimension count than the query: the service changed its model.</summary>
        private void RequireDimensions(string model, int dimensions)
        {
            using var command = _store.Command("SELECT dimensions FROM chunk_vectors WHERE model = @model AND dimensions <> @dimensions LIMIT 1;");
            command.Parameters.AddWithValue("model", model);
            command.Parameters.AddWithValue("dimensions", dimensions);
            if (command.ExecuteScalar() is int stored)
            {
                throw VectorDimensionMismatch.Error(model, stored, dimensions);
            }
        }
    }
}
