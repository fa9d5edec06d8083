using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Storage.Copy;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Postgres
{
    /// <summary>Copy-CarbonStore's engine: a real synced SQLite store copied into a real PostgreSQL database.</summary>
    public sealed class StoreCopyTests
    {
        private static readonly string[] Tables = { "data_sources", "items", "files", "chunks", "chunk_vectors", "events", "settings" };

        [PostgresFact]
        public async Task ACopyCarriesEveryRowWithItsIdsAndBuildsTheKeywordIndex()
        {
            using var world = await SyncedWorldAsync();
            using var target = new TestDatabase();
            target.Scalar("CREATE TABLE user_notes (body tsvector); CREATE INDEX user_notes_body ON user_notes USING gin (body);");
            var userIndex = target.Scalar("SELECT 'user_notes_body'::regclass::oid;");

            var result = StoreCopy.Run(world.StorePath, target.Uri, null, SilentReporter.Instance, CancellationToken.None);

            var sqlite = (SqliteStore)world.Engine.Store;
            foreach (var table in Tables)
            {
                var expected = SqliteScalar(sqlite, $"SELECT count(*) FROM {table};");
                Assert.Equal(expected, result.Rows[table]);
                Assert.Equal(expected, Convert.ToInt64(target.Scalar($"SELECT count(*) FROM {table};")));
            }

            Assert.True(result.Rows["files"] == 3 && result.Rows["chunks"] >= 3 && result.Rows["chunk_vectors"] == 1 && result.Rows["events"] > 0, string.Join(", ", result.Rows));
            Assert.Equal(SqliteText(sqlite, "SELECT group_concat(id, ',') FROM (SELECT id FROM files ORDER BY id);"), target.Scalar("SELECT string_agg(id::text, ',' ORDER BY id) FROM files;"));
            Assert.Equal(SqliteText(sqlite, "SELECT group_concat(key, ',') FROM (SELECT key FROM files ORDER BY id);"), target.Scalar("SELECT string_agg(key, ',' ORDER BY id) FROM files;"));
            Assert.Equal(1L, Convert.ToInt64(target.Scalar("SELECT count(*) FROM chunks WHERE keywords @@ to_tsquery('carbon_english', 'walrus');")));
            Assert.Equal(2L, Convert.ToInt64(target.Scalar("SELECT count(*) FROM pg_indexes WHERE indexname IN ('chunks_keywords', 'chunk_vectors_hnsw_384');")));
            Assert.Equal(userIndex, target.Scalar("SELECT 'user_notes_body'::regclass::oid;"));
            Assert.Equal(3, Convert.ToInt32(target.Scalar("SELECT vector_dims(vector) FROM chunk_vectors;")));
            Assert.DoesNotContain("password", result.To, StringComparison.OrdinalIgnoreCase);

            // A file added after the copy gets an id after the copied ones.
            var nextId = Convert.ToInt64(target.Scalar("SELECT nextval(pg_get_serial_sequence('files', 'id'));"));
            Assert.True(nextId > SqliteScalar(sqlite, "SELECT max(id) FROM files;"), $"next file id {nextId}");
        }

        [PostgresFact]
        public async Task ASecondCopyIntoTheSameStoreIsRefusedAndChangesNothing()
        {
            using var world = await SyncedWorldAsync();
            using var target = new TestDatabase();
            StoreCopy.Run(world.StorePath, target.Uri, null, SilentReporter.Instance, CancellationToken.None);
            var files = Convert.ToInt64(target.Scalar("SELECT count(*) FROM files;"));

            var error = Assert.Throws<CarbonSpacesException>(() => StoreCopy.Run(world.StorePath, target.Uri, null, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.StoreNotEmpty", error.ErrorId);
            Assert.Equal(files, Convert.ToInt64(target.Scalar("SELECT count(*) FROM files;")));
        }

        [PostgresFact]
        public async Task ACancelledCopyLeavesTheTargetEmptySoItCanRunAgain()
        {
            using var world = await SyncedWorldAsync();
            using var target = new TestDatabase();
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();

            Assert.ThrowsAny<OperationCanceledException>(() => StoreCopy.Run(world.StorePath, target.Uri, null, SilentReporter.Instance, cancelled.Token));
            foreach (var table in Tables)
            {
                Assert.Equal(0L, Convert.ToInt64(target.Scalar($"SELECT count(*) FROM {table};")));
            }

            var again = StoreCopy.Run(world.StorePath, target.Uri, null, SilentReporter.Instance, CancellationToken.None);
            Assert.Equal(3, again.Rows["files"]);
        }

        [PostgresFact]
        public void AMissingSourceOrAFileAsTargetIsAClearError()
        {
            using var temp = new TempStore();
            using var target = new TestDatabase();

            var missing = Assert.Throws<CarbonSpacesException>(() => StoreCopy.Run(temp.Path, target.Uri, null, SilentReporter.Instance, CancellationToken.None));
            var notServer = Assert.Throws<CarbonSpacesException>(() => StoreCopy.Run(temp.Path, temp.Path + ".copy", null, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.StoreNotFound", missing.ErrorId);
            Assert.Contains(temp.Path, missing.Message);
            Assert.Equal("CarbonSpaces.InvalidStoreCopy", notServer.ErrorId);
        }

        /// <summary>A store with a data source, its items, three synced files, one chunk vector, events and a setting.</summary>
        private static async Task<S3World> SyncedWorldAsync()
        {
            var world = await S3World.CreateAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "a.txt", "The walrus sleeps on the ice.");
            await TestS3.PutAsync(world.Client, world.Bucket, "b.txt", "Penguins swim in cold water.");
            await TestS3.PutAsync(world.Client, world.Bucket, "c.txt", "Seals bark on the rocks.");
            await world.SyncAsync();
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, Options = new FileSyncOptions { SkipEmbeddingGeneration = true } },
                _ => { }, SilentReporter.Instance, CancellationToken.None);

            var store = world.Engine.Store;
            var chunkId = SqliteScalar((SqliteStore)store, "SELECT min(id) FROM chunks;");
            using (var work = store.BeginWrite())
            {
                store.Vectors.Add(work, chunkId, "test-model", new[] { 0.6f, 0.8f, 0f });
                work.Commit();
            }

            world.ExecuteOnStore("INSERT INTO settings (name, value, updated_at) VALUES ('copy-test', '{}', 0);");
            return world;
        }

        private static long SqliteScalar(SqliteStore store, string sql)
        {
            using var command = store.Command(sql);
            return Convert.ToInt64(command.ExecuteScalar());
        }

        private static string SqliteText(SqliteStore store, string sql)
        {
            using var command = store.Command(sql);
            return (string)command.ExecuteScalar()!;
        }
    }
}
