using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Tests.TestSupport;
using Npgsql;
using Pgvector;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Postgres
{
    /// <summary>The PostgreSQL store's schema on the real server tools/test.sh starts (CARBONSPACES_TEST_POSTGRES).</summary>
    public sealed class PostgresSchemaTests
    {
        [PostgresFact]
        public void ANewDatabaseGetsTheWholeSchemaOnceAndReopeningAppliesNothing()
        {
            using var database = new TestDatabase();
            using (PostgresDatabase.Open(database.Location))
            {
                Assert.Equal(PostgresSchema.CurrentVersion, database.Scalar("SELECT version FROM carbon_schema;"));
            }

            using (var connection = database.Connect())
            {
                Assert.Equal(0, PostgresSchema.Migrate(connection, database.Location));
            }

            Assert.Equal(1L, database.Scalar("SELECT count(*) FROM carbon_schema;"));
            Assert.Equal(PostgresSchema.CurrentVersion, database.Scalar("SELECT version FROM carbon_schema;"));
            var tables = Column(database, "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1;");
            Assert.Equal(
                new[] { "auto_sync_settings", "carbon_schema", "chunk_vectors", "chunks", "data_sources", "events", "files", "items", "removed_objects", "settings", "sync_roots", "transcription_service" },
                tables);
        }

        [PostgresFact]
        public void ProcessesMigratingAtOnceAllSucceedAndTheSchemaIsMadeOnce()
        {
            using var database = new TestDatabase();
            const int Openers = 6;
            using var start = new Barrier(Openers);
            var opened = Enumerable.Range(0, Openers).Select(_ => Task.Factory.StartNew(() =>
            {
                // each its own data source (its own pool and connection), as separate processes would have
                start.SignalAndWait();
                using var dataSource = PostgresDatabase.Open(database.Location);
                using var connection = dataSource.OpenConnection();
                return PostgresSchema.ReadVersion(connection, null);
            }, TaskCreationOptions.LongRunning)).ToArray();

            Task.WaitAll(opened);
            Assert.All(opened, task => Assert.Equal(PostgresSchema.CurrentVersion, task.Result));
            Assert.Equal(1L, database.Scalar("SELECT count(*) FROM carbon_schema;"));
            Assert.Equal(1L, database.Scalar("SELECT count(*) FROM pg_extension WHERE extname = 'vector';"));
        }

        [PostgresFact]
        public void TheKeywordIndexIsAGeneratedTsvectorWithAGinIndexThatStemsAndIgnoresAccents()
        {
            using var database = new TestDatabase();
            using var dataSource = PostgresDatabase.Open(database.Location);
            Assert.Equal("s", database.Scalar("SELECT attgenerated::text FROM pg_attribute WHERE attrelid = 'chunks'::regclass AND attname = 'keywords';"));
            Assert.Contains("USING gin (keywords)", (string)database.Scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'chunks_keywords';")!, StringComparison.Ordinal);

            var chunk = InsertChunk(dataSource, "The runner ran to the Café every morning.");
            InsertChunk(dataSource, "Nothing to see here.");
            using var connection = dataSource.OpenConnection();
            using var search = new NpgsqlCommand(
                "SELECT id FROM chunks WHERE keywords @@ websearch_to_tsquery('carbon_english', @query);", connection);
            search.Parameters.AddWithValue("query", "runners cafe");
            Assert.Equal(chunk, search.ExecuteScalar());

            using var explain = new NpgsqlCommand(
                "EXPLAIN SELECT id FROM chunks WHERE keywords @@ websearch_to_tsquery('carbon_english', 'runners');", connection);
            Assert.Contains("chunks_keywords", Plan(explain), StringComparison.Ordinal);
        }

        [PostgresFact]
        public void VectorsArePgvectorsSearchedThroughAnHnswCosineIndex()
        {
            using var database = new TestDatabase();
            using var dataSource = PostgresDatabase.Open(database.Location);
            Assert.Contains("USING hnsw (((vector)::vector(384)) vector_cosine_ops) WHERE (dimensions = 384)",
                (string)database.Scalar("SELECT indexdef FROM pg_indexes WHERE indexname = 'chunk_vectors_hnsw_384';")!, StringComparison.Ordinal);

            var near = Unit(384, 0);
            var far = Unit(384, 1);
            var nearChunk = InsertChunk(dataSource, "near", near);
            InsertChunk(dataSource, "far", far);

            using var connection = dataSource.OpenConnection();
            using var knn = new NpgsqlCommand(
                "SELECT chunk_id, vector FROM chunk_vectors WHERE dimensions = 384 ORDER BY vector::vector(384) <=> @query LIMIT 1;", connection);
            knn.Parameters.AddWithValue("query", new Vector(near));
            using (var reader = knn.ExecuteReader())
            {
                Assert.True(reader.Read());
                Assert.Equal(nearChunk, reader.GetInt64(0));
                // the data source maps pgvector's type, created by the migration it ran itself
                Assert.Equal(near, reader.GetFieldValue<Vector>(1).ToArray());
            }

            using var explain = new NpgsqlCommand(
                "EXPLAIN SELECT chunk_id FROM chunk_vectors WHERE dimensions = 384 ORDER BY vector::vector(384) <=> @query LIMIT 1;", connection);
            explain.Parameters.AddWithValue("query", new Vector(near));
            Assert.Contains("chunk_vectors_hnsw_384", Plan(explain), StringComparison.Ordinal);
        }

        [PostgresFact]
        public void AStoreWrittenByANewerVersionIsRefused()
        {
            using var database = new TestDatabase();
            PostgresDatabase.Open(database.Location).Dispose();
            database.Scalar($"UPDATE carbon_schema SET version = {PostgresSchema.CurrentVersion + 3};");

            var error = Assert.Throws<CarbonSpacesException>(() => PostgresDatabase.Open(database.Location));
            Assert.Equal("CarbonSpaces.StoreFromNewerVersion", error.ErrorId);
            Assert.Contains(database.Location.Display, error.Message, StringComparison.Ordinal);
        }

        [PostgresFact]
        public void AMissingDatabaseAndAnUnreachableServerAreNamedWithoutThePassword()
        {
            using var database = new TestDatabase();
            var builder = new NpgsqlConnectionStringBuilder(database.Location.ConnectionString) { Password = "s3cret" };

            builder.Database = database.Name + "_missing";
            var missing = Assert.Throws<CarbonSpacesException>(() => PostgresDatabase.Open(Location(builder)));
            Assert.Equal("CarbonSpaces.StoreNotFound", missing.ErrorId);
            Assert.Contains(builder.Database, missing.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", missing.Message, StringComparison.Ordinal);

            builder.Database = database.Name;
            builder.Port = FreePort();
            var unreachable = Assert.Throws<CarbonSpacesException>(() => PostgresDatabase.Open(Location(builder)));
            Assert.Equal("CarbonSpaces.StoreConnectionFailed", unreachable.ErrorId);
            Assert.Contains($":{builder.Port}/", unreachable.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret", unreachable.Message, StringComparison.Ordinal);
        }

        private static PostgresStoreLocation Location(NpgsqlConnectionStringBuilder builder) =>
            (PostgresStoreLocation)StoreLocation.Resolve(builder.ConnectionString);

        private static long InsertChunk(NpgsqlDataSource dataSource, string content, float[]? vector = null)
        {
            using var connection = dataSource.OpenConnection();
            using var command = new NpgsqlCommand(@"
WITH source AS (
    INSERT INTO data_sources (name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, created_at, updated_at, sync_status)
    VALUES ('s', 'c', '{}', 'http://e' || gen_random_uuid(), 'r', 'k', 'None', 0, 0, 'SYNCED') RETURNING id),
file AS (
    INSERT INTO files (data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags, chunk_size, chunk_overlap, skip_embedding_generation, options, created_at, updated_at)
    SELECT id, '{}', '{}', 'b', 'k', 'n', 'TXT', 'SYNCED', '{}', 300, 30, false, '{}', 0, 0 FROM source RETURNING id)
INSERT INTO chunks (file_id, chunk_index, content, tokens, start_offset, end_offset)
SELECT id, 0, @content, 1, 0, 1 FROM file RETURNING id;", connection);
            command.Parameters.AddWithValue("content", content);
            var id = (long)command.ExecuteScalar()!;
            if (vector != null)
            {
                using var insert = new NpgsqlCommand("INSERT INTO chunk_vectors (chunk_id, model, vector) VALUES (@id, 'test-model', @vector);", connection);
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("vector", new Vector(vector));
                insert.ExecuteNonQuery();
            }

            return id;
        }

        private static float[] Unit(int dimensions, int axis)
        {
            var vector = new float[dimensions];
            vector[axis] = 1;
            return vector;
        }

        /// <summary>The plan of an EXPLAIN with sequential scans off: the tables are too small for the planner to choose an index otherwise.</summary>
        private static string Plan(NpgsqlCommand explain)
        {
            using (var off = new NpgsqlCommand("SET enable_seqscan = off;", explain.Connection))
            {
                off.ExecuteNonQuery();
            }

            using var reader = explain.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join("\n", lines);
        }

        private static List<string> Column(TestDatabase database, string sql)
        {
            using var connection = database.Connect();
            using var command = new NpgsqlCommand(sql, connection);
            using var reader = command.ExecuteReader();
            var values = new List<string>();
            while (reader.Read())
            {
                values.Add(reader.GetString(0));
            }

            return values;
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }
    }
}
