using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage
{
    /// <summary>
    /// The SQLite vector index on a real store filled with random unit vectors (fixed seeds): the quantized
    /// in-memory scan with exact rescoring against an exact search done here in floats, and what the snapshot
    /// must follow: filters, the current model, removed files, a store opened again.
    /// </summary>
    public sealed class VectorIndexTests : IDisposable
    {
        private const string Model = "Local/test-model";
        private const string OtherModel = "OpenAI/other-model";
        private const int Dimensions = 384;
        private const int ChunksPerFile = 50;

        private readonly TempStore _store = new TempStore();

        public void Dispose() => _store.Dispose();

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void TheQuantizedSearchFindsTheExactTopTenOfAStoreOfThousandsOfVectors(bool clustered)
        {
            // Clustered vectors share a direction, as a model's embeddings do: their scores crowd together, the hard case for quantization.
            var random = new Random(clustered ? 17 : 23);
            var vectors = Enumerable.Range(0, 8_000).Select(_ => clustered ? Clustered(random) : RandomUnitVector(random)).ToList();
            var ids = Fill(vectors, Model);
            using var engine = _store.Open();
            var index = new SqliteVectorIndex((SqliteStore)engine.Store);

            double found = 0;
            const int Queries = 40;
            for (int q = 0; q < Queries; q++)
            {
                var query = clustered ? Clustered(random) : RandomUnitVector(random);
                var exact = Exact(query, vectors, ids, 10);
                var matches = index.Nearest(query, Model, 10, new ChunkFilter(), CancellationToken.None);

                Assert.Equal(10, matches.Count);
                found += matches.Count(m => exact.Contains(m.ChunkId));
                foreach (var match in matches)
                {
                    // Scores are exact: the candidates are rescored with their float vectors.
                    var vector = vectors[ids.IndexOf(match.ChunkId)];
                    Assert.Equal(Dot(query, vector), match.Score, 5);
                }
            }

            Assert.True(found / (Queries * 10) >= 0.95, $"recall@10 {found / (Queries * 10):0.000}");
        }

        [Fact]
        public void FiltersByFileDataSourceAndTagReturnOnlyTheirChunksBestFirst()
        {
            var random = new Random(5);
            var vectors = Enumerable.Range(0, 20 * ChunksPerFile).Select(_ => RandomUnitVector(random)).ToList();
            var ids = Fill(vectors, Model);
            _store.Execute("UPDATE files SET tags = '{\"team\":\"hr\"}' WHERE id IN (3, 4);");
            _store.Execute(@"INSERT INTO data_sources (id, name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, created_at, updated_at, sync_status)
                             VALUES (7, 'archive', 'c@example.com', 'S3', 'http://127.0.0.1:1', 'us-east-1', 'AK', 'Session', 0, 0, 'READY');
                             UPDATE files SET data_source_id = 7 WHERE id IN (5, 6);");
            using var engine = _store.Open();
            var index = new SqliteVectorIndex((SqliteStore)engine.Store);
            var query = RandomUnitVector(random);
            index.Nearest(query, Model, 10, new ChunkFilter(), CancellationToken.None);

            var filters = new Dictionary<string, (ChunkFilter Filter, long[] Files)>
            {
                ["file"] = (new ChunkFilter { FileIds = new long[] { 2, 9 } }, new long[] { 2, 9 }),
                ["tag"] = (new ChunkFilter { Tags = new Dictionary<string, string> { ["team"] = "hr" } }, new long[] { 3, 4 }),
                ["data source"] = (new ChunkFilter { DataSourceIds = new long[] { 7 } }, new long[] { 5, 6 }),
            };
            foreach (var (name, (filter, files)) in filters)
            {
                var allowed = ids.Where((id, row) => files.Contains(1 + (row / ChunksPerFile))).ToList();
                var allowedVectors = ids.Select((id, row) => (id, row)).Where(x => allowed.Contains(x.id)).Select(x => vectors[x.row]).ToList();

                var matches = index.Nearest(query, Model, 10, filter, CancellationToken.None);

                Assert.True(matches.All(m => allowed.Contains(m.ChunkId)), $"the {name} filter let another file's chunk through");
                Assert.Equal(Exact(query, allowedVectors, allowed, 10), matches.Select(m => m.ChunkId).ToList());
            }
        }

        [Fact]
        public void AFilterThatPassesMoreChunksThanAreReadFromTheStoreIsSearchedInTheQuantizedCopy()
        {
            // 12,000 chunks, a data source holding 11,000 of them: over the 10,000 a filtered search reads from SQLite.
            var random = new Random(29);
            var vectors = Enumerable.Range(0, 240 * ChunksPerFile).Select(_ => RandomUnitVector(random)).ToList();
            var ids = Fill(vectors, Model);
            _store.Execute(@"INSERT INTO data_sources (id, name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, created_at, updated_at, sync_status)
                             VALUES (3, 'most', 'c@example.com', 'S3', 'http://127.0.0.1:1', 'us-east-1', 'AK', 'Session', 0, 0, 'READY');
                             UPDATE files SET data_source_id = 3 WHERE id > 20;");
            using var engine = _store.Open();
            var index = new SqliteVectorIndex((SqliteStore)engine.Store);
            var allowed = ids.Skip(20 * ChunksPerFile).ToList();
            var allowedVectors = vectors.Skip(20 * ChunksPerFile).ToList();

            double found = 0;
            for (int q = 0; q < 20; q++)
            {
                var query = RandomUnitVector(random);
                var exact = Exact(query, allowedVectors, allowed, 10);
                var matches = index.Nearest(query, Model, 10, new ChunkFilter { DataSourceIds = new long[] { 3 } }, CancellationToken.None);

                Assert.Equal(10, matches.Count);
                Assert.All(matches, m => Assert.True(m.ChunkId > ids[(20 * ChunksPerFile) - 1], $"chunk {m.ChunkId} is not of the data source"));
                found += matches.Count(m => exact.Contains(m.ChunkId));
            }

            Assert.True(found / 200 >= 0.95, $"recall@10 {found / 200:0.000}");
        }

        [Fact]
        public void OnlyVectorsOfTheAskedModelAreSearchedAndAChangeOfModelIsFollowed()
        {
            var random = new Random(11);
            var vectors = Enumerable.Range(0, 10 * ChunksPerFile).Select(_ => RandomUnitVector(random)).ToList();
            var ids = Fill(vectors, Model);
            _store.Execute($"UPDATE chunk_vectors SET model = '{OtherModel}' WHERE chunk_id IN (SELECT id FROM chunks WHERE file_id > 5);");
            using var engine = _store.Open();
            var index = new SqliteVectorIndex((SqliteStore)engine.Store);
            var ofModel = ids.Take(5 * ChunksPerFile).ToHashSet();
            var query = RandomUnitVector(random);

            var current = index.Nearest(query, Model, 20, new ChunkFilter(), CancellationToken.None);
            var other = index.Nearest(query, OtherModel, 20, new ChunkFilter(), CancellationToken.None);

            Assert.All(current, m => Assert.Contains(m.ChunkId, ofModel));
            Assert.All(other, m => Assert.DoesNotContain(m.ChunkId, ofModel));
            Assert.Equal(20, other.Count);

            // Every file embedded again with the other model: the first model's vectors are gone from its search.
            _store.Execute($"UPDATE chunk_vectors SET model = '{OtherModel}';");
            Assert.Empty(index.Nearest(query, Model, 20, new ChunkFilter(), CancellationToken.None));
        }

        [Fact]
        public void RemovingAFileTakesItsVectorsOutOfTheSnapshot()
        {
            var random = new Random(13);
            var vectors = Enumerable.Range(0, 4 * ChunksPerFile).Select(_ => RandomUnitVector(random)).ToList();
            var ids = Fill(vectors, Model);
            using var engine = _store.Open();
            var index = new SqliteVectorIndex((SqliteStore)engine.Store);
            var query = RandomUnitVector(random);
            var before = index.Nearest(query, Model, 4 * ChunksPerFile, new ChunkFilter(), CancellationToken.None);
            long fileOfBest = 1 + (ids.IndexOf(before[0].ChunkId) / ChunksPerFile);

            engine.FileRemoval.Remove(fileOfBest);
            var after = index.Nearest(query, Model, 4 * ChunksPerFile, new ChunkFilter(), CancellationToken.None);

            var removed = ids.Where((id, row) => 1 + (row / ChunksPerFile) == fileOfBest).ToHashSet();
            Assert.Equal(3 * ChunksPerFile, after.Count);
            Assert.DoesNotContain(after, m => removed.Contains(m.ChunkId));
            Assert.Equal(before.Where(m => !removed.Contains(m.ChunkId)).Select(m => m.ChunkId), after.Select(m => m.ChunkId));
        }

        [Fact]
        public void AStoreOpenedAgainInANewEngineAnswersAsBefore()
        {
            var random = new Random(19);
            var vectors = Enumerable.Range(0, 6 * ChunksPerFile).Select(_ => RandomUnitVector(random)).ToList();
            Fill(vectors, Model);
            var query = RandomUnitVector(random);
            IReadOnlyList<VectorMatch> first;
            using (var engine = _store.Open())
            {
                first = new SqliteVectorIndex((SqliteStore)engine.Store).Nearest(query, Model, 10, new ChunkFilter(), CancellationToken.None);
            }

            // Another store in between takes the one snapshot of the process; the reopened one must not be answered from it.
            using (var other = new TempStore())
            {
                using var otherEngine = other.Open();
                new SqliteVectorIndex((SqliteStore)otherEngine.Store).Nearest(query, Model, 10, new ChunkFilter(), CancellationToken.None);
            }

            using var again = _store.Open();
            var second = new SqliteVectorIndex((SqliteStore)again.Store).Nearest(query, Model, 10, new ChunkFilter(), CancellationToken.None);

            Assert.Equal(10, first.Count);
            Assert.Equal(first.Select(m => (m.ChunkId, m.Score)), second.Select(m => (m.ChunkId, m.Score)));
        }

        /// <summary>Files of <see cref="ChunksPerFile"/> chunks each (ids 1, 2, …), a chunk a vector, in order; returns the chunk ids.</summary>
        private List<long> Fill(IReadOnlyList<float[]> vectors, string model)
        {
            using (_store.Open())
            {
                // The engine creates the schema.
            }

            using var connection = new SqliteConnection($"Data Source={_store.Path};Pooling=False");
            connection.Open();
            using var transaction = connection.BeginTransaction();
            var ids = new List<long>();
            for (int row = 0; row < vectors.Count; row++)
            {
                using var command = connection.CreateCommand();
                command.Transaction = transaction;
                if (row % ChunksPerFile == 0)
                {
                    command.CommandText = @"INSERT INTO files (data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags,
                                                chunk_size, chunk_overlap, skip_embedding_generation, options, created_at, updated_at)
                                            VALUES ('S3', 'S3 File', 'b', $key, $key, 'TXT', 'READY', '{}', 1500, 20, 0, '{}', 0, 0);";
                    command.Parameters.AddWithValue("$key", $"file-{row / ChunksPerFile}.txt");
                    command.ExecuteNonQuery();
                    command.Parameters.Clear();
                }

                command.CommandText = @"INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset)
                                        VALUES ((SELECT max(id) FROM files), $index, 'words', 1, 0, 5);
                                        INSERT INTO chunk_vectors (chunk_id, model, vector) VALUES (last_insert_rowid(), $model, $vector);
                                        SELECT max(id) FROM chunks;";
                command.Parameters.AddWithValue("$index", row % ChunksPerFile);
                command.Parameters.AddWithValue("$model", model);
                command.Parameters.AddWithValue("$vector", VectorBlob.From(vectors[row]));
                ids.Add((long)command.ExecuteScalar()!);
            }

            transaction.Commit();
            return ids;
        }

        private static List<long> Exact(float[] query, IReadOnlyList<float[]> vectors, IReadOnlyList<long> ids, int top) =>
            vectors.Select((vector, row) => (Id: ids[row], Score: Dot(query, vector)))
                .OrderByDescending(m => m.Score)
                .ThenByDescending(m => m.Id)
                .Take(top)
                .Select(m => m.Id)
                .ToList();

        private static float Dot(float[] a, float[] b) => System.Numerics.Tensors.TensorPrimitives.Dot(new ReadOnlySpan<float>(a), new ReadOnlySpan<float>(b));

        private static float[] RandomUnitVector(Random random)
        {
            var vector = new float[Dimensions];
            for (int i = 0; i < Dimensions; i++)
            {
                // Box-Muller: Gaussian components make the direction uniform on the sphere.
                vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            return Normalized(vector);
        }

        /// <summary>A shared direction plus a smaller random one: cosine similarities between such vectors sit around 0.8.</summary>
        private static float[] Clustered(Random random)
        {
            var noise = RandomUnitVector(random);
            var vector = new float[Dimensions];
            for (int i = 0; i < Dimensions; i++)
            {
                vector[i] = (float)(Math.Sin(i) / Math.Sqrt(Dimensions / 2.0)) + (0.5f * noise[i]);
            }

            return Normalized(vector);
        }

        private static float[] Normalized(float[] vector)
        {
            var length = (float)Math.Sqrt(Dot(vector, vector));
            for (int i = 0; i < vector.Length; i++)
            {
                vector[i] /= length;
            }

            return vector;
        }
    }
}
