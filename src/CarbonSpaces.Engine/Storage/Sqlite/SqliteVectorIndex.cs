using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics.Tensors;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>
    /// Vectors in the SQLite store: a blob of floats a chunk in chunk_vectors. An unfiltered search scans an
    /// in-memory copy of the model's vectors quantized to a byte a dimension (<see cref="VectorSnapshot"/>) for
    /// an oversampled set of candidates, then scores those exactly with their floats read from SQLite by chunk id:
    /// a million vectors take 396 MB in memory instead of 1.5 GB, and the exact rescoring keeps the ranking and
    /// scores of an exact search (recall@10 ≥ 0.95 against it). The copy lives as long as the process and is read
    /// again only when the store's vector generation moved on: cmdlets open the store anew for every call, and
    /// reading 100,000 vectors from SQLite costs far more than scanning them. A filtered search that passes few
    /// chunks reads only their vectors and scores them all exactly; one that passes many scans the copy among them.
    /// </summary>
    internal sealed class SqliteVectorIndex : IVectorIndex
    {
        /// <summary>
        /// The vectors last scanned, of one store and model: a session searches one store at a time, and
        /// keeping more than one copy would multiply the memory (40 MB for 100,000 vectors of 384 dimensions).
        /// </summary>
        private static VectorSnapshot? _snapshot;
        private static readonly object SnapshotLock = new object();

        /// <summary>
        /// Up to this many chunks, a filtered search reads their vectors from the store and compares every one exactly
        /// (100 files of 100 chunks: 50 ms). A filter that passes more (a data source that holds most of the store)
        /// is searched in the in-memory copy among the chunks that pass, as an unfiltered search is: reading a million
        /// vectors from SQLite took 4.9 s.
        /// </summary>
        private const int ExactFilterLimit = 10_000;

        private readonly SqliteStore _store;

        public SqliteVectorIndex(SqliteStore store)
        {
            _store = store;
        }

        public void Add(IUnitOfWork work, long chunkId, string model, float[] vector)
        {
            var command = _store.Reuse("INSERT OR REPLACE INTO chunk_vectors (chunk_id, model, vector) VALUES ($chunk, $model, $vector);", work);
            command.Parameters.AddWithValue("$chunk", chunkId);
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$vector", VectorBlob.From(vector));
            command.ExecuteNonQuery();
        }

        public void ReplaceFile(IUnitOfWork work, long fileId, string model, IReadOnlyList<float[]> vectorsByChunkIndex)
        {
            var delete = _store.Reuse("DELETE FROM chunk_vectors WHERE chunk_id IN (SELECT id FROM chunks WHERE file_id = $file);", work);
            delete.Parameters.AddWithValue("$file", fileId);
            delete.ExecuteNonQuery();
            var insert = _store.Reuse(
                @"INSERT INTO chunk_vectors (chunk_id, model, vector)
                  SELECT id, $model, $vector FROM chunks WHERE file_id = $file AND chunk_index = $index;",
                work);
            for (int index = 0; index < vectorsByChunkIndex.Count; index++)
            {
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$model", model);
                insert.Parameters.AddWithValue("$vector", VectorBlob.From(vectorsByChunkIndex[index]));
                insert.Parameters.AddWithValue("$file", fileId);
                insert.Parameters.AddWithValue("$index", index);
                insert.ExecuteNonQuery();
            }
        }

        public long Count(string model)
        {
            using var command = _store.Command("SELECT count(*) FROM chunk_vectors WHERE model = $model;");
            command.Parameters.AddWithValue("$model", model);
            return (long)command.ExecuteScalar()!;
        }

        public bool Holds(string model)
        {
            using var command = _store.Command("SELECT EXISTS (SELECT 1 FROM chunk_vectors WHERE model = $model);");
            command.Parameters.AddWithValue("$model", model);
            return (long)command.ExecuteScalar()! != 0;
        }

        public bool HoldsChunks()
        {
            using var command = _store.Command("SELECT EXISTS (SELECT 1 FROM chunks);");
            return (long)command.ExecuteScalar()! != 0;
        }

        public IReadOnlyList<VectorMatch> Nearest(float[] query, string model, int top, ChunkFilter filter, CancellationToken cancellation)
        {
            if (filter.IsEmpty)
            {
                return ScoreExactly(query, model, top, Candidates(query, model, top, null, cancellation), cancellation);
            }

            var passing = ChunksPassing(filter, out var few);
            return few != null
                ? ScoreExactly(query, model, top, few, cancellation)
                : ScoreExactly(query, model, top, Candidates(query, model, top, passing, cancellation), cancellation);
        }

        /// <summary>
        /// How many candidates the quantized scan picks for <paramref name="top"/> results: its scores stray from
        /// the exact ones by about 0.001, so a chunk of the exact top is all but sure to be among ten times as many
        /// (recall@10 1.0 on a million random vectors, P9), and reading 100 vectors by id takes a few milliseconds.
        /// </summary>
        private static int Oversampled(int top) => top + Math.Max(90, top);

        /// <summary>The chunks the quantized scan finds nearest, among <paramref name="allowed"/> when given.</summary>
        private IReadOnlyCollection<long> Candidates(float[] query, string model, int top, ChunkIdSet? allowed, CancellationToken cancellation)
        {
            var snapshot = Snapshot(model, cancellation);
            if (snapshot.Count > 0 && snapshot.Dimensions != query.Length)
            {
                throw VectorDimensionMismatch.Error(model, snapshot.Dimensions, query.Length);
            }

            return snapshot.Candidates(query, Oversampled(top), allowed, cancellation).Select(c => c.ChunkId).ToList();
        }

        /// <summary>
        /// The chunks that pass the filter, with a vector or not; <paramref name="few"/> lists them when there are no
        /// more than <see cref="ExactFilterLimit"/>. CROSS JOIN keeps this order: the filter's files, then their chunks
        /// by file (an index holds both). Left to choose, SQLite joined every vector of the model to its file: 1.3 s for
        /// 100 files of a million-chunk store, where this takes a few milliseconds.
        /// </summary>
        private ChunkIdSet ChunksPassing(ChunkFilter filter, out List<long>? few)
        {
            long largest;
            using (var last = _store.Command("SELECT coalesce(max(id), 0) FROM chunks;"))
            {
                largest = (long)last.ExecuteScalar()!;
            }

            var passing = new ChunkIdSet(largest);
            few = new List<long>();
            using var command = _store.Command(string.Empty);
            command.CommandText = $"SELECT c.id FROM files f CROSS JOIN chunks c ON c.file_id = f.id WHERE 1 = 1{filter.Sql(command)};";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                passing.Add(id);
                if (few != null)
                {
                    few.Add(id);
                    few = few.Count <= ExactFilterLimit ? few : null;
                }
            }

            return passing;
        }

        /// <summary>
        /// The best <paramref name="top"/> of <paramref name="chunkIds"/> by the exact dot product of their float vectors
        /// of <paramref name="model"/> with the query, read from the store by chunk id ("+v.model": by the primary key,
        /// not looked up again through the model's index).
        /// </summary>
        private IReadOnlyList<VectorMatch> ScoreExactly(float[] query, string model, int top, IReadOnlyCollection<long> chunkIds, CancellationToken cancellation)
        {
            var best = new TopMatches(top);
            if (chunkIds.Count == 0)
            {
                return best.Ranked();
            }

            using var command = _store.Command(string.Empty);
            command.Parameters.AddWithValue("$model", model);
            command.CommandText = "SELECT v.chunk_id, v.vector FROM chunk_vectors v WHERE +v.model = $model"
                + SqlFilters.InList("v.chunk_id", "$chunk", chunkIds, command) + ";";
            var vector = new float[query.Length];
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                cancellation.ThrowIfCancellationRequested();
                if (VectorBlob.TryRead((byte[])reader.GetValue(1), vector))
                {
                    best.Offer(reader.GetInt64(0), TensorPrimitives.Dot(new ReadOnlySpan<float>(query), new ReadOnlySpan<float>(vector)));
                }
            }

            return best.Ranked();
        }

        private VectorSnapshot Snapshot(string model, CancellationToken cancellation)
        {
            var (storeId, generation) = Generation();
            lock (SnapshotLock)
            {
                var current = _snapshot;
                if (current != null && current.StoreId == storeId && current.Generation == generation && current.Model == model)
                {
                    return current;
                }

                // Drop the old copy before reading the new one: two copies at once would double the peak.
                _snapshot = null;
                _snapshot = Read(storeId, generation, model, cancellation);
                return _snapshot;
            }
        }

        private (string StoreId, long Generation) Generation()
        {
            using var command = _store.Command("SELECT store_id, generation FROM vector_generation WHERE id = 1;");
            using var reader = command.ExecuteReader();
            reader.Read();
            return (reader.GetString(0), reader.GetInt64(1));
        }

        private VectorSnapshot Read(string storeId, long generation, string model, CancellationToken cancellation) =>
            VectorSnapshot.Build(storeId, generation, model, Stream(model), cancellation);

        /// <summary>
        /// The model's vectors in chunk order, one at a time: the same float array is filled again for every row (the
        /// snapshot quantizes it before asking for the next), so reading a million vectors keeps no floats. Each blob
        /// is read with GetValue: GetBytes into a buffer of our own took 2.7 times its CPU (it copies the blob twice).
        /// </summary>
        private IEnumerable<(long ChunkId, float[] Vector)> Stream(string model)
        {
            using var command = _store.Command("SELECT chunk_id, vector FROM chunk_vectors WHERE model = $model ORDER BY chunk_id;");
            command.Parameters.AddWithValue("$model", model);
            using var reader = command.ExecuteReader();
            var vector = Array.Empty<float>();
            while (reader.Read())
            {
                var blob = (byte[])reader.GetValue(1);
                if (blob.Length != vector.Length * sizeof(float))
                {
                    vector = new float[blob.Length / sizeof(float)];
                }

                if (VectorBlob.TryRead(blob, vector))
                {
                    yield return (reader.GetInt64(0), vector);
                }
            }
        }
    }
}
