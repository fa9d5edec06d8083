using System.Linq;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Search
{
    public sealed class StemmedIndexMigrationTests
    {
        [Fact]
        public void AStoreIndexedBeforeStemmingIsReindexedFromItsChunksAndKeepsThem()
        {
            using var temp = new TempStore();
            var stemming = Migrations.Steps.ToList().FindIndex(step => step.Contains("tokenize = 'porter unicode61"));
            foreach (var step in Migrations.Steps.Take(stemming))
            {
                temp.Execute(step);
            }

            temp.Execute($"PRAGMA user_version = {stemming};");
            temp.Execute(@"
INSERT INTO files (id, data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags, chunk_size, chunk_overlap, skip_embedding_generation, options, created_at, updated_at)
VALUES (1, 'S3', 'S3 File', 'b', 'notes.txt', 'notes.txt', 'TEXT', 'READY', '{}', 400, 0, 1, '{}', 0, 0);
INSERT INTO chunks (id, file_id, chunk_index, content, tokens, start_offset, end_offset) VALUES
    (1, 1, 0, 'She runs every morning.', 5, 0, 23),
    (2, 1, 1, 'Running shoes wear out.', 5, 23, 46);");

            using var store = SqliteStore.Open(temp.Path);
            var hits = new ChunkSearch(store).Search(new SearchQuery { Text = "running" });

            Assert.Equal(new[] { "Running shoes wear out.", "She runs every morning." }, hits.Select(h => h.Content));
            using var count = store.Command("SELECT count(*) FROM chunks;");
            Assert.Equal(2L, count.ExecuteScalar());
        }
    }
}
