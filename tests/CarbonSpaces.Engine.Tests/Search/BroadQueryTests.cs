using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Search
{
    /// <summary>
    /// Queries matching more chunks than one query ranks, with a window of 3 chunks so a handful
    /// of files cross it (the engine's window is 50,000).
    /// </summary>
    public sealed class BroadQueryTests
    {
        private const int Window = 3;

        [Fact]
        public async Task AQueryMatchingMoreThanTheWindowIsRankedAmongItsNewestMatches()
        {
            using var world = await S3World.CreateAsync();
            await SyncInOrderAsync(world,
                ("oldest.txt", string.Join(" ", Enumerable.Repeat("walrus", 20))),
                ("two.txt", "one walrus here"),
                ("three.txt", "a walrus there"),
                ("four.txt", "walrus again"),
                ("newest.txt", "the last walrus"));

            var windowed = new ChunkSearch(world.Engine.Store, Window).Search(new SearchQuery { Text = "walrus", Top = 10 });
            var exact = new ChunkSearch(world.Engine.Store, 100).Search(new SearchQuery { Text = "walrus", Top = 10 });

            Assert.Equal(new[] { "four.txt", "newest.txt", "three.txt" }, windowed.Select(h => h.Key).OrderBy(k => k));
            Assert.Equal("oldest.txt", exact[0].Key);
            Assert.Equal(5, exact.Count);
        }

        [Fact]
        public async Task TheAnyWordFallbackAsksForTheNarrowWordsFirstAndLetsBroadOnesFillTheRest()
        {
            using var world = await S3World.CreateAsync();
            await SyncInOrderAsync(world,
                ("rare.txt", "the narwhal is rare"),
                ("two.txt", "walrus one"),
                ("three.txt", "walrus two"),
                ("four.txt", "walrus three"),
                ("newest.txt", "walrus four"));

            // No chunk holds both words; an any-word query ranked among its newest 3 matches would miss the narwhal.
            var hits = new ChunkSearch(world.Engine.Store, Window).Search(new SearchQuery { Text = "walrus narwhal", Top = 3 });

            Assert.Equal("rare.txt", hits[0].Key);
            Assert.Equal(3, hits.Count);
            Assert.All(hits.Skip(1), h => Assert.Contains("walrus", h.Content));
            Assert.Equal(new[] { 1, 2, 3 }, hits.Select(h => h.Rank));
        }

        [Fact]
        public async Task FiltersApplyBeforeTheWindow()
        {
            using var world = await S3World.CreateAsync();
            await SyncInOrderAsync(world,
                ("oldest.txt", "walrus beach"),
                ("two.txt", "walrus one"),
                ("three.txt", "walrus two"),
                ("four.txt", "walrus three"),
                ("newest.txt", "walrus four"));
            var oldest = world.Engine.Files.Query(new FileQuery { Keys = new[] { "oldest.txt" } }).Single();

            var hits = new ChunkSearch(world.Engine.Store, Window).Search(new SearchQuery { Text = "walrus", Top = 10, FileIds = new[] { oldest.Id } });

            Assert.Equal("oldest.txt", Assert.Single(hits).Key);
        }

        [Fact]
        public async Task AQueryOfOnlyStopWordsReturnsTheNewestChunksHoldingAllOfThemThenAny()
        {
            using var world = await S3World.CreateAsync();
            await SyncInOrderAsync(world,
                ("oldest.txt", "to be or not to be, that is the question"),
                ("middle.txt", "not now"),
                ("newer.txt", "to be continued or not"),
                ("newest.txt", "nothing here matches"));

            var hits = new ChunkSearch(world.Engine.Store, Window).Search(new SearchQuery { Text = "to be or not", Top = 3 });

            Assert.Equal(new[] { "newer.txt", "oldest.txt", "middle.txt" }, hits.Select(h => h.Key));
            Assert.All(hits, h => Assert.Equal(0, h.Score));
        }

        /// <summary>One sync per object, in the order given, so chunk ids (the index's age order) follow it.</summary>
        private static async Task SyncInOrderAsync(S3World world, params (string Key, string Text)[] objects)
        {
            foreach (var (key, text) in objects)
            {
                await TestS3.PutAsync(world.Client, world.Bucket, key, text);
                await world.Engine.FileSync.SyncAsync(
                    new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Object(world.Bucket, key) }, Options = new FileSyncOptions() },
                    _ => { },
                    SilentReporter.Instance,
                    CancellationToken.None);
            }
        }
    }
}
