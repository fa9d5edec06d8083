using System.Collections.Generic;
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
    /// <summary>Keyword search over a small, known set of files with tags, synced without embeddings.</summary>
    public sealed class KeywordSearchTests : IAsyncLifetime
    {
        private S3World _world = null!;

        public async Task InitializeAsync()
        {
            _world = await S3World.CreateAsync();
            await TestS3.PutAsync(_world.Client, _world.Bucket, "hr/leave.txt", "Parental leave policy: employees may take parental leave for sixteen weeks. The policy covers adoption.");
            await TestS3.PutAsync(_world.Client, _world.Bucket, "hr/travel.txt", "Travel policy: book trains for trips under four hours.");
            await TestS3.PutAsync(_world.Client, _world.Bucket, "eng/oncall.txt", "On-call rotation: leave the pager with the next engineer.");
            await SyncAsync("hr/", new Dictionary<string, string> { ["team"] = "hr", ["lang"] = "en" });
            await SyncAsync("eng/", new Dictionary<string, string> { ["team"] = "eng", ["lang"] = "en" });
        }

        public Task DisposeAsync()
        {
            _world.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public void TheChunkHoldingMoreOfTheWordsRanksFirstWithItsSourceAndLabels()
        {
            var hits = _world.Engine.Search.Search(new SearchQuery { Text = "parental leave policy", Top = 5 });

            Assert.Equal("hr/leave.txt", hits[0].Key);
            Assert.Equal(Enumerable.Range(1, hits.Count), hits.Select(h => h.Rank));
            Assert.True(hits.Count >= 2, "chunks holding only some of the words follow those holding all");
            Assert.Equal("leave.txt", hits[0].Name);
            Assert.Equal(_world.Bucket, hits[0].Bucket);
            Assert.Equal(0, hits[0].ChunkIndex);
            Assert.Equal("hr", hits[0].Tags["team"]);
            Assert.Equal("S3", hits[0].DataSourceMetadata);
            Assert.Equal("S3 File", hits[0].FileMetadata);
            Assert.Contains("sixteen weeks", hits[0].Content);
        }

        [Fact]
        public async Task ScoresFallFromTheFirstHitToTheLastEvenWhereOneRareWordOutweighsAllTheWords()
        {
            // The long chunk (one chunk of about 600 tokens) holds both words and ranks first; the
            // short one holds only 'beacon', three times, and its BM25 alone is the higher.
            using var world = await S3World.CreateAsync();
            var filler = string.Join(" ", Enumerable.Repeat("word", 600));
            await TestS3.PutAsync(world.Client, world.Bucket, "long.txt", $"harbor {filler} beacon");
            await TestS3.PutAsync(world.Client, world.Bucket, "short.txt", "beacon beacon beacon");
            for (var i = 0; i < 8; i++)
            {
                await TestS3.PutAsync(world.Client, world.Bucket, $"other-{i}.txt", $"unrelated note number {i}");
            }

            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, Options = new FileSyncOptions { SkipEmbeddingGeneration = true } },
                _ => { }, SilentReporter.Instance, CancellationToken.None);

            var hits = world.Engine.Search.Search(new SearchQuery { Text = "harbor beacon" });

            Assert.Equal(new[] { "long.txt", "short.txt" }, hits.Select(h => h.Key));
            Assert.True(hits[0].Score > hits[1].Score, $"the scores were {hits[0].Score} and {hits[1].Score}");
            Assert.True(hits[1].Score > 0);
        }

        [Theory]
        [InlineData("\"parental")]
        [InlineData("leave*")]
        [InlineData("-policy")]
        [InlineData("NEAR(leave policy)")]
        [InlineData("leave AND OR NOT")]
        [InlineData("policy: \"travel\" ^ {trains}")]
        public void FtsSyntaxIsSearchedAsTextNeverAnError(string query)
        {
            var hits = _world.Engine.Search.Search(new SearchQuery { Text = query });

            Assert.NotEmpty(hits);
        }

        [Fact]
        public void CommonWordsDoNotDrownTheWordsThatMatter()
        {
            var hits = _world.Engine.Search.Search(new SearchQuery { Text = "what is the policy for the trains", Top = 1 });

            Assert.Equal("hr/travel.txt", Assert.Single(hits).Key);
            Assert.NotEmpty(_world.Engine.Search.Search(new SearchQuery { Text = "the" }));
        }

        [Fact]
        public void AQueryWithNoWordsFindsNothingRatherThanFailing()
        {
            Assert.Empty(_world.Engine.Search.Search(new SearchQuery { Text = "*** --- \"\"" }));
        }

        [Fact]
        public void TagsFileIdsAndDataSourcesFilterTheResults()
        {
            Assert.All(_world.Engine.Search.Search(new SearchQuery { Text = "leave", Tags = new Dictionary<string, string> { ["team"] = "eng" } }), h => Assert.Equal("eng/oncall.txt", h.Key));
            Assert.Empty(_world.Engine.Search.Search(new SearchQuery { Text = "leave", Tags = new Dictionary<string, string> { ["team"] = "hr", ["lang"] = "de" } }));
            Assert.All(_world.Engine.Search.Search(new SearchQuery { Text = "leave", Tags = new Dictionary<string, string> { ["TEAM"] = "HR" } }), h => Assert.StartsWith("hr/", h.Key));
            var travel = _world.Engine.Files.Query(new FileQuery { Keys = new[] { "hr/travel.txt" } }).Single();
            Assert.All(_world.Engine.Search.Search(new SearchQuery { Text = "policy", FileIds = new[] { travel.Id } }), h => Assert.Equal(travel.Id, h.FileId));
            Assert.Empty(_world.Engine.Search.Search(new SearchQuery { Text = "policy", DataSourceIds = new[] { _world.Source.Id + 1 } }));
        }

        [Fact]
        public void TopLimitsTheResults()
        {
            Assert.Single(_world.Engine.Search.Search(new SearchQuery { Text = "policy leave", Top = 1 }));
        }

        [Theory]
        [InlineData(SearchMode.Vector)]
        [InlineData(SearchMode.Hybrid)]
        public async Task VectorModesSayEmbeddingsAreMissingWhenTheFilesWereSyncedWithoutThem(SearchMode mode)
        {
            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "leave", Mode = mode }, CancellationToken.None));

            Assert.Equal("CarbonSpaces.NoEmbeddings", error.ErrorId);
            Assert.Contains("-ForceEmbeddingGeneration", error.Message);
            Assert.Contains("-Mode Keyword", error.Message);
        }

        [Fact]
        public async Task WithoutVectorsTheDefaultModeIsKeyword()
        {
            var hits = await _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "parental leave policy" }, CancellationToken.None);

            Assert.Equal("hr/leave.txt", hits[0].Key);
            Assert.All(hits, hit => Assert.Equal(SearchMode.Keyword, hit.Mode));
        }

        private Task SyncAsync(string prefix, IReadOnlyDictionary<string, string> tags) =>
            _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket, prefix) }, Options = new FileSyncOptions { Tags = tags, SkipEmbeddingGeneration = true } },
                _ => { },
                SilentReporter.Instance,
                CancellationToken.None);
    }
}
