using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Text;
using CarbonSpaces.Engine;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P9: vector search over <see cref="ChildRequest.Count"/> chunks of 384-dimension vectors (random unit
    /// vectors under the local model's name, stored through SQL into the engine's schema, not measured). Times
    /// the first search of a new session (the vectors read into memory), then warm searches through the
    /// vector index (query vectors given), and Search-CarbonChunk's three modes with real query text (the
    /// query embedded by the local model each time).
    /// </summary>
    internal sealed class VectorSearchWork : IWork
    {
        public const string Name = "vector-search";
        private const string Model = "Local/snowflake-arctic-embed-xs";
        private const int Dimensions = 384;
        private const int WarmQueries = 200;
        private const int ModeQueries = 30;

        public Task WarmUpAsync(ChildRequest request) => Task.CompletedTask;

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            await new SearchBuildWork().RunAsync(request, new ChildResult()).ConfigureAwait(false);
            AddVectors(request.StorePath);

            var random = new Random(9);
            using var engine = CarbonEngine.Open(request.StorePath);
            var index = new SqliteVectorIndex(engine.Store);
            var everything = new ChunkFilter();
            result.Begin();
            var first = Stopwatch.StartNew();
            index.Nearest(RandomUnitVector(random), Model, 10, everything, CancellationToken.None);
            result.Metrics["first.ms"] = first.Elapsed.TotalMilliseconds;

            var latencies = Enumerable.Range(0, WarmQueries).Select(_ =>
            {
                var query = RandomUnitVector(random);
                var clock = Stopwatch.StartNew();
                index.Nearest(query, Model, 10, everything, CancellationToken.None);
                return clock.Elapsed.TotalMilliseconds;
            }).ToList();
            result.Metrics["warm.p50"] = Stats.Percentile(latencies, 50);
            result.Metrics["warm.p99"] = Stats.Percentile(latencies, 99);

            var files = new ChunkFilter { FileIds = Enumerable.Range(1, 100).Select(i => (long)i).ToList() };
            var filtered = Enumerable.Range(0, 50).Select(_ =>
            {
                var query = RandomUnitVector(random);
                var clock = Stopwatch.StartNew();
                index.Nearest(query, Model, 10, files, CancellationToken.None);
                return clock.Elapsed.TotalMilliseconds;
            }).ToList();
            result.Metrics["filtered.p50"] = Stats.Percentile(filtered, 50);

            var generator = new NaturalTextGenerator(ZipfVocabulary.Create());
            var texts = Enumerable.Range(0, ModeQueries).Select(_ =>
            {
                var text = new StringBuilder();
                generator.AppendWords(text, 3, random);
                return text.ToString();
            }).ToList();
            await engine.Retriever.SearchAsync(new SearchQuery { Text = texts[0], Mode = SearchMode.Hybrid }, CancellationToken.None).ConfigureAwait(false);
            foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Vector, SearchMode.Hybrid })
            {
                var timings = new List<double>();
                foreach (var text in texts)
                {
                    var clock = Stopwatch.StartNew();
                    await engine.Retriever.SearchAsync(new SearchQuery { Text = text, Mode = mode }, CancellationToken.None).ConfigureAwait(false);
                    timings.Add(clock.Elapsed.TotalMilliseconds);
                }

                result.Metrics[mode + ".p50"] = Stats.Percentile(timings, 50);
            }

            result.End();
            result.Metrics["chunks"] = index.Count(Model);
        }

        private static void AddVectors(string storePath)
        {
            var random = new Random(3);
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Pooling = false }.ToString());
            connection.Open();
            using var ids = connection.CreateCommand();
            ids.CommandText = "SELECT id FROM chunks ORDER BY id;";
            var chunkIds = new List<long>();
            using (var reader = ids.ExecuteReader())
            {
                while (reader.Read())
                {
                    chunkIds.Add(reader.GetInt64(0));
                }
            }

            using var transaction = connection.BeginTransaction();
            using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO chunk_vectors (chunk_id, model, vector) VALUES ($chunk, $model, $vector);";
            var chunk = insert.Parameters.Add("$chunk", SqliteType.Integer);
            insert.Parameters.AddWithValue("$model", Model);
            var vector = insert.Parameters.Add("$vector", SqliteType.Blob);
            foreach (var id in chunkIds)
            {
                chunk.Value = id;
                vector.Value = VectorBlob.From(RandomUnitVector(random));
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        private static float[] RandomUnitVector(Random random)
        {
            var vector = new float[Dimensions];
            double squares = 0;
            for (int i = 0; i < Dimensions; i++)
            {
                // Box-Muller: Gaussian components make the direction uniform on the sphere.
                double value = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                vector[i] = (float)value;
                squares += value * value;
            }

            var scale = (float)(1 / Math.Sqrt(squares));
            for (int i = 0; i < Dimensions; i++)
            {
                vector[i] *= scale;
            }

            return vector;
        }
    }
}
