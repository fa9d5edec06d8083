using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Embedding;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    public sealed class FileBuilderTests
    {
        [Fact]
        public async Task ABuildWaitsWhileFinishedBuildsFillTheBacklogUntilTheWriterTakesOne()
        {
            // Finished builds wait in memory for the one writer; without this bound a bucket of big
            // files piles up gigabytes of chunks while the writer indexes the first.
            using var world = await S3World.CreateAsync();
            var text = new System.Text.StringBuilder().Insert(0, "large build words ", 5 * 1024 * 1024 / 17 + 1).ToString();
            for (var i = 1; i <= 3; i++)
            {
                await TestS3.PutAsync(world.Client, world.Bucket, $"large-{i}.txt", text);
            }

            using var temporary = new TemporaryFolder();
            using var connection = world.Engine.Connector.Open(world.Source);
            var parts = FileBuildParts.Create(ExtractionServices.FromEnvironment(), new ChunkEmbedder(world.Engine.EmbeddingModels), new SqliteVectorIndex((SqliteStore)world.Engine.Store));
            var builder = new FileBuilder(temporary, parts, new BuildBacklog(budgetBytes: 12 * 1024 * 1024)); // room for two of the 5 MB objects
            // Without vectors: this is about the memory of builds, and embedding 15 MB of text would take minutes.
            var options = new FileSyncOptions { SkipEmbeddingGeneration = true };
            Task<FileBuild?> Build(int i) => BuildAsync(builder, connection.Objects, world.Source, new FileJob(i, world.Bucket, $"large-{i}.txt", options));

            var first = (await Build(1))!;
            var second = (await Build(2))!;
            var third = Build(3);

            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(third.IsCompleted, "a third build went ahead while two filled the backlog");

            first.MemoryHold!.Dispose();
            var built = await third.WaitAsync(TimeSpan.FromSeconds(60));
            Assert.NotNull(built);
            second.MemoryHold!.Dispose();
            built!.MemoryHold!.Dispose();
        }

        [Fact]
        public async Task ABuildsVectorsCountInTheBacklogUntilTheWriterTakesIt()
        {
            // 10 KB of text in chunks of 40 tokens: some 60 vectors of 1.5 KiB, 90 KiB, nine times the text.
            using var world = await S3World.CreateAsync();
            var text = string.Join(" ", Enumerable.Range(0, 1800).Select(i => $"word{i % 97}"));
            await TestS3.PutAsync(world.Client, world.Bucket, "small.txt", text);
            await TestS3.PutAsync(world.Client, world.Bucket, "next.txt", "a few words");

            using var temporary = new TemporaryFolder();
            using var connection = world.Engine.Connector.Open(world.Source);
            var parts = FileBuildParts.Create(ExtractionServices.FromEnvironment(), new ChunkEmbedder(world.Engine.EmbeddingModels), new SqliteVectorIndex((SqliteStore)world.Engine.Store));
            parts.Embedder.Prepare();
            var builder = new FileBuilder(temporary, parts, new BuildBacklog(budgetBytes: 128 * 1024)); // two units of 64 KiB: the text alone takes one
            var options = new FileSyncOptions { ChunkSize = 40, ChunkOverlap = 0 };

            var built = (await BuildAsync(builder, connection.Objects, world.Source, new FileJob(1, world.Bucket, "small.txt", options)))!;
            Assert.True(built.Embeddings!.Count * 384 * sizeof(float) > 64 * 1024, $"{built.Embeddings.Count} vectors fit in one unit");
            var next = BuildAsync(builder, connection.Objects, world.Source, new FileJob(2, world.Bucket, "next.txt", options));

            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.False(next.IsCompleted, "a build went ahead while the first one's vectors filled the backlog");
            built.MemoryHold!.Dispose();
            (await next.WaitAsync(TimeSpan.FromSeconds(60)))!.MemoryHold!.Dispose();
        }

        /// <summary>A download and its build, one after the other, as a worker of the pipeline does them.</summary>
        private static Task<FileBuild?> BuildAsync(FileBuilder builder, S3ObjectReader objects, DataSource source, FileJob job) =>
            builder.BuildAsync(job, builder.DownloadAsync(objects, source, job, CancellationToken.None), CancellationToken.None);
    }
}
