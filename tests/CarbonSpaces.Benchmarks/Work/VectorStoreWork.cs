using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P9's store, built in a child of its own so that the search child's peak memory is the search's: P5's
    /// store of <see cref="ChildRequest.Count"/> chunks (<see cref="SearchBuildWork"/>) and a random unit vector
    /// of 384 dimensions a chunk under the local model's name, stored through SQL into the engine's schema.
    /// Embedding a million chunks with the local model would take hours here; the scan does not care what the
    /// vectors mean, and random directions are the hard case for a quantized scan (their scores crowd together).
    /// </summary>
    internal sealed class VectorStoreWork : IWork
    {
        public const string Name = "vector-store";
        public const string Model = "Local/snowflake-arctic-embed-xs";
        public const int Dimensions = 384;

        public Task WarmUpAsync(ChildRequest request) => Task.CompletedTask;

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            await new SearchBuildWork().RunAsync(request, result).ConfigureAwait(false);
            AddVectors(request.StorePath);
        }

        /// <summary>A unit vector whose direction is uniform on the sphere.</summary>
        public static float[] RandomUnitVector(Random random)
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
    }
}
