using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>
    /// The vector index of each backend, the same calls and the same answers: the nearest chunks against an exact
    /// search done here (recall@10 ≥ 0.95, scores the exact cosine similarity), filters, models kept apart, vectors
    /// added, replaced a file at a time and counted, a query of another dimension count, and two stores writing at once.
    /// </summary>
    public sealed class VectorIndexTests
    {
        private const string Model = "Local/test-model";
        private const string OtherModel = "OpenAI/other-model";
        private const int Dimensions = 384;
        private const int ChunksPerFile = 100;

        /// <summary>Random directions are the hard case for the HNSW index (no neighbourhoods to follow); clustered ones a model's embeddings.</summary>
        [Theory]
        [BackendData(BackendStores.Sqlite, false)]
        [BackendData(BackendStores.Sqlite, true)]
        [BackendData(BackendStores.Postgres, false)]
        [BackendData(BackendStores.Postgres, true)]
        public void NearestFindsTheExactTopTenWithExactScores(string backend, bool clustered)
        {
            using var store = BackendStores.Open(backend);
            var random = new Random(clustered ? 29 : 43);
            var vectors = Fill(store, 80, random, clustered);

            double found = 0;
            const int Queries = 30;
            for (int q = 0; q < Queries; q++)
            {
                var query = clustered ? Clustered(random) : RandomUnitVector(random);
                var exact = Exact(query, vectors, 10);
                var matches = store.Store.Vectors.Nearest(query, Model, 10, new ChunkFilter(), CancellationToken.None);

                Assert.Equal(10, matches.Count);
                Assert.Equal(matches.Select(m => m.Score).OrderByDescending(s => s), matches.Select(m => m.Score));
                found += matches.Count(m => exact.Contains(m.ChunkId));
                foreach (var match in matches)
                {
                    Assert.Equal(Dot(query, vectors[match.ChunkId]), match.Score, 4);
                }
            }

            Assert.True(found / (Queries * 10) >= 0.95, $"recall@10 {found / (Queries * 10):0.000}");
        }

        /// <summary>A filter that passes many chunks is searched through PostgreSQL's HNSW index, its scan going on until enough pass.</summary>
        [PostgresFact]
        public void AFilterPassingManyChunksIsSearchedThroughTheIndexAmongThem()
        {
            using var store = BackendStores.Open(BackendStores.Postgres);
            var random = new Random(47);
            var vectors = Fill(store, 20, random, clustered: false);
            var index = new PostgresVectorIndex((PostgresStore)store.Store, exactFilterLimit: 0);
            var filters = new[]
            {
                new ChunkFilter { DataSourceIds = new long[] { 1 } },
                new ChunkFilter { Tags = new Dictionary<string, string> { ["kind"] = "even" } },
                new ChunkFilter { FileIds = new long[] { 3, 4 } },
            };

            double found = 0;
            const int Queries = 10;
            foreach (var filter in filters)
            {
                for (int q = 0; q < Queries; q++)
                {
                    var query = RandomUnitVector(random);
                    var passing = vectors.Where(v => Passes(filter, FileOf(v.Key))).ToDictionary(v => v.Key, v => v.Value);
                    var matches = index.Nearest(query, Model, 10, filter, CancellationToken.None);

                    Assert.Equal(10, matches.Count);
                    Assert.All(matches, m => Assert.True(passing.ContainsKey(m.ChunkId), $"chunk {m.ChunkId} does not pass"));
                    Assert.Equal(matches.Select(m => m.Score).OrderByDescending(s => s), matches.Select(m => m.Score));
                    found += matches.Count(m => Exact(query, passing, 10).Contains(m.ChunkId));
                }
            }

            Assert.True(found / (filters.Length * Queries * 10) >= 0.95, $"recall@10 {found / (filters.Length * Queries * 10):0.000}");
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void NearestKeepsToTheFilterAndTheModel(string backend)
        {
            using var store = BackendStores.Open(backend);
            var random = new Random(31);
            var vectors = Fill(store, 6, random);
            store.AddChunk(10_000, 6, ChunksPerFile, "a chunk of another model");
            using (var work = store.BeginWrite())
            {
                store.Store.Vectors.Add(work, 10_000, OtherModel, RandomUnitVector(random));
                work.Commit();
            }

            var query = Clustered(random);
            var file2 = vectors.Keys.Where(id => FileOf(id) == 2).ToList();
            var byFile = store.Store.Vectors.Nearest(query, Model, 5, new ChunkFilter { FileIds = new long[] { 2 } }, CancellationToken.None);
            Assert.Equal(Exact(query, vectors.Where(v => file2.Contains(v.Key)).ToDictionary(v => v.Key, v => v.Value), 5), byFile.Select(m => m.ChunkId).ToHashSet());

            // Files 1, 3 and 5 are in data source 1; 2, 4 and 6 in data source 2 and tagged.
            var bySource = store.Store.Vectors.Nearest(query, Model, 10, new ChunkFilter { DataSourceIds = new long[] { 1 } }, CancellationToken.None);
            Assert.All(bySource, m => Assert.Equal(1, FileOf(m.ChunkId) % 2));
            var byTag = store.Store.Vectors.Nearest(query, Model, 10, new ChunkFilter { Tags = new Dictionary<string, string> { ["Kind"] = "EVEN" } }, CancellationToken.None);
            Assert.Equal(10, byTag.Count);
            Assert.All(byTag, m => Assert.Equal(0, FileOf(m.ChunkId) % 2));

            Assert.DoesNotContain(store.Store.Vectors.Nearest(query, Model, 1000, new ChunkFilter(), CancellationToken.None), m => m.ChunkId == 10_000);
            Assert.Equal(10_000, store.Store.Vectors.Nearest(query, OtherModel, 10, new ChunkFilter(), CancellationToken.None).Single().ChunkId);
            Assert.Empty(store.Store.Vectors.Nearest(query, "Local/absent", 10, new ChunkFilter(), CancellationToken.None));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void VectorsAreAddedReplacedAFileAtATimeAndCounted(string backend)
        {
            using var store = BackendStores.Open(backend);
            Assert.False(store.Store.Vectors.HoldsChunks());
            Assert.False(store.Store.Vectors.Holds(Model));
            var random = new Random(37);
            var vectors = Fill(store, 2, random);

            Assert.True(store.Store.Vectors.HoldsChunks());
            Assert.True(store.Store.Vectors.Holds(Model));
            Assert.False(store.Store.Vectors.Holds(OtherModel));
            Assert.Equal(2 * ChunksPerFile, store.Store.Vectors.Count(Model));

            // Add again: the chunk's vector is replaced, not doubled.
            var first = vectors.Keys.Min();
            var again = RandomUnitVector(random);
            using (var work = store.BeginWrite())
            {
                store.Store.Vectors.Add(work, first, Model, again);
                work.Commit();
            }

            Assert.Equal(2 * ChunksPerFile, store.Store.Vectors.Count(Model));
            Assert.Equal(first, store.Store.Vectors.Nearest(again, Model, 1, new ChunkFilter(), CancellationToken.None).Single().ChunkId);

            // A file's chunks, by chunk index, take the other model's vectors in place of theirs.
            var replaced = Enumerable.Range(0, ChunksPerFile).Select(_ => RandomUnitVector(random)).ToList();
            using (var work = store.BeginWrite())
            {
                store.Store.Vectors.ReplaceFile(work, 2, OtherModel, replaced);
                work.Commit();
            }

            Assert.Equal(ChunksPerFile, store.Store.Vectors.Count(Model));
            Assert.Equal(ChunksPerFile, store.Store.Vectors.Count(OtherModel));
            var third = store.Store.Vectors.Nearest(replaced[3], OtherModel, 1, new ChunkFilter(), CancellationToken.None).Single();
            Assert.Equal(ChunkId(2, 3), third.ChunkId);
            Assert.Equal(1.0, third.Score, 4);

            // Rolled back: nothing changes.
            using (var work = store.BeginWrite())
            {
                store.Store.Vectors.ReplaceFile(work, 1, OtherModel, replaced);
            }

            Assert.Equal(ChunksPerFile, store.Store.Vectors.Count(Model));
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void AQueryOfAnotherDimensionCountIsRefusedWithAnError(string backend)
        {
            using var store = BackendStores.Open(backend);
            Fill(store, 1, new Random(41));

            var error = Assert.Throws<CarbonSpacesException>(() => store.Store.Vectors.Nearest(new float[] { 0.6f, 0.8f }, Model, 10, new ChunkFilter(), CancellationToken.None));
            Assert.Equal("CarbonSpaces.EmbeddingInvalid", error.ErrorId);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void TwoStoresAddVectorsAtOnce(string backend)
        {
            using var store = BackendStores.Open(backend);
            store.AddDataSource("source 1", 1);
            store.AddDataSource("source 2", 2);
            for (long file = 1; file <= 2; file++)
            {
                store.AddFile(file, file);
                for (int i = 0; i < ChunksPerFile; i++)
                {
                    store.AddChunk(ChunkId(file, i), file, i, "chunk " + i);
                }
            }

            using var other = store.OpenAnother();
            var writers = new[] { (store.Store, File: 1L), (other.Store, File: 2L) };
            Parallel.ForEach(writers, writer =>
            {
                var random = new Random((int)writer.File);
                for (int i = 0; i < ChunksPerFile; i += 10)
                {
                    using var work = writer.Store.BeginWrite();
                    for (int j = i; j < i + 10; j++)
                    {
                        writer.Store.Vectors.Add(work, ChunkId(writer.File, j), Model, RandomUnitVector(random));
                    }

                    work.Commit();
                }
            });

            Assert.Equal(2 * ChunksPerFile, store.Store.Vectors.Count(Model));
            Assert.Equal(2 * ChunksPerFile, other.Store.Vectors.Count(Model));
        }

        private static bool Passes(ChunkFilter filter, long file) =>
            (filter.DataSourceIds == null || filter.DataSourceIds.Contains(2 - (file % 2)))
            && (filter.Tags == null || file % 2 == 0)
            && (filter.FileIds == null || filter.FileIds.Contains(file));

        private static long ChunkId(long file, int index) => (file * 1000) + index;

        private static long FileOf(long chunkId) => chunkId / 1000;

        /// <summary>Files 1..count of <see cref="ChunksPerFile"/> chunks each, odd ones in data source 1, even ones in 2 tagged kind=even, all with vectors of the model.</summary>
        private static Dictionary<long, float[]> Fill(BackendStore store, int files, Random random, bool clustered = true)
        {
            store.AddDataSource("source 1", 1);
            store.AddDataSource("source 2", 2);
            var vectors = new Dictionary<long, float[]>();
            for (long file = 1; file <= files; file++)
            {
                store.AddFile(file, 2 - (file % 2), file % 2 == 0 ? "{\"kind\":\"even\"}" : "{}");
                var fileVectors = new List<float[]>();
                for (int i = 0; i < ChunksPerFile; i++)
                {
                    store.AddChunk(ChunkId(file, i), file, i, "chunk " + i);
                    var vector = clustered ? Clustered(random) : RandomUnitVector(random);
                    fileVectors.Add(vector);
                    vectors[ChunkId(file, i)] = vector;
                }

                using var work = store.BeginWrite();
                store.Store.Vectors.ReplaceFile(work, file, Model, fileVectors);
                work.Commit();
            }

            return vectors;
        }

        private static HashSet<long> Exact(float[] query, Dictionary<long, float[]> vectors, int top) =>
            vectors.OrderByDescending(v => Dot(query, v.Value)).Take(top).Select(v => v.Key).ToHashSet();

        private static float Dot(float[] a, float[] b)
        {
            double sum = 0;
            for (int i = 0; i < a.Length; i++)
            {
                sum += a[i] * b[i];
            }

            return (float)sum;
        }

        /// <summary>Vectors that share a direction, as a model's embeddings do: their scores crowd together, the hard case.</summary>
        private static float[] Clustered(Random random)
        {
            var vector = RandomUnitVector(random);
            for (int i = 0; i < Dimensions; i++)
            {
                vector[i] += i % 7 == 0 ? 0.15f : 0f;
            }

            return Normalized(vector);
        }

        private static float[] RandomUnitVector(Random random)
        {
            var vector = new float[Dimensions];
            for (int i = 0; i < Dimensions; i++)
            {
                // Gaussian by Box-Muller: a direction uniform on the sphere.
                vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            }

            return Normalized(vector);
        }

        private static float[] Normalized(float[] vector)
        {
            var length = (float)Math.Sqrt(vector.Sum(x => (double)x * x));
            return vector.Select(x => x / length).ToArray();
        }
    }
}
