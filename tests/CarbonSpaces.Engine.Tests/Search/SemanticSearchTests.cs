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
    /// <summary>
    /// Vector and hybrid search with the real local model over a small corpus: one query whose words are in a
    /// chunk but whose meaning is not, one query whose meaning is in a chunk but none of whose words are.
    /// </summary>
    public sealed class SemanticSearchTests : IAsyncLifetime
    {
        /// <summary>Shares no word with the password note: only meaning can find it.</summary>
        private const string MeaningOnlyQuery = "reset password";

        /// <summary>An identifier: only its exact characters find the purchase order.</summary>
        private const string WordsOnlyQuery = "ZX-4471";

        private S3World _world = null!;

        public async Task InitializeAsync()
        {
            _world = await S3World.CreateAsync();
            var notes = new Dictionary<string, string>
            {
                ["it/login.txt"] = "To change a forgotten login credential, open the account portal and choose the recovery option; a link arrives by e-mail within minutes.",
                ["hr/leave.txt"] = "Parental leave policy: employees may take sixteen weeks of parental leave after the birth or adoption of a child.",
                ["facilities/garage.txt"] = "Cars may be left in the garage beneath the building on weekdays; bicycles go in the rack by the north door.",
                ["eng/oncall.txt"] = "On-call rotation: hand the pager to the next engineer every Monday morning.",
                ["finance/order.txt"] = "Purchase order ZX-4471 covers twelve ergonomic chairs for the Lisbon office.",
                ["kitchen/coffee.txt"] = "The espresso machine on the third floor is descaled every Friday afternoon.",
            };
            foreach (var note in notes)
            {
                await TestS3.PutAsync(_world.Client, _world.Bucket, note.Key, note.Value);
            }

            await SyncAsync("it/", "it");
            await SyncAsync("hr/", "hr");
            await SyncAsync("facilities/", "facilities");
            await SyncAsync("eng/", "eng");
            await SyncAsync("finance/", "finance");
            await SyncAsync("kitchen/", "kitchen");
        }

        public Task DisposeAsync()
        {
            _world.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public void SyncingEmbedsEveryChunkWithTheLocalModelWithNoConfiguration()
        {
            var files = _world.Engine.Files.Query(new FileQuery()).ToList();

            Assert.Equal(6, files.Count);
            Assert.All(files, file => Assert.Equal(file.Chunks, file.Embeddings));
            Assert.All(files, file => Assert.Equal("Local/snowflake-arctic-embed-xs", file.EmbeddingModel));
        }

        [Fact]
        public async Task VectorSearchFindsAParaphraseThatSharesNoWordWithTheChunk()
        {
            Assert.DoesNotContain(_world.Engine.Search.Search(new SearchQuery { Text = MeaningOnlyQuery }), hit => hit.Key == "it/login.txt");

            var hits = await SearchAsync(MeaningOnlyQuery, SearchMode.Vector);

            Assert.Equal("it/login.txt", hits[0].Key);
            Assert.Equal(SearchMode.Vector, hits[0].Mode);
            Assert.InRange(hits[0].Score, 0.0, 1.0);
            Assert.True(hits[0].Score > hits[1].Score);
        }

        [Fact]
        public async Task HybridFindsBothTheChunkOfTheWordsAndTheChunkOfTheMeaning()
        {
            var byMeaning = await SearchAsync(MeaningOnlyQuery, SearchMode.Hybrid);
            var byWords = await SearchAsync(WordsOnlyQuery, SearchMode.Hybrid);

            Assert.Equal("it/login.txt", byMeaning[0].Key);
            Assert.Equal("finance/order.txt", byWords[0].Key);
            Assert.All(byMeaning.Concat(byWords), hit => Assert.Equal(SearchMode.Hybrid, hit.Mode));
            Assert.InRange(byWords[0].Score, 0.5, 1.0);
        }

        [Fact]
        public async Task WithoutAModeTheSearchIsHybridOnceTheStoreHoldsVectors()
        {
            var hits = await _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = MeaningOnlyQuery }, CancellationToken.None);

            Assert.Equal(SearchMode.Hybrid, hits[0].Mode);
        }

        [Theory]
        [InlineData(SearchMode.Keyword)]
        [InlineData(SearchMode.Vector)]
        [InlineData(SearchMode.Hybrid)]
        public async Task TagAndFileFiltersApplyInEveryMode(SearchMode mode)
        {
            var tagged = await _world.Engine.Retriever.SearchAsync(
                new SearchQuery { Text = "policy office leave", Mode = mode, Tags = new Dictionary<string, string> { ["team"] = "hr" } }, CancellationToken.None);
            var garage = _world.Engine.Files.Query(new FileQuery()).Single(f => f.Key == "facilities/garage.txt");
            var ofOneFile = await _world.Engine.Retriever.SearchAsync(
                new SearchQuery { Text = "where do I park my car", Mode = mode, FileIds = new[] { garage.Id } }, CancellationToken.None);

            Assert.All(tagged, hit => Assert.Equal("hr", hit.Tags["team"]));
            Assert.NotEmpty(tagged);
            Assert.All(ofOneFile, hit => Assert.Equal(garage.Id, hit.FileId));
        }

        [Fact]
        public async Task AQueryOfOnlyStopWordsStillAnswersInEveryMode()
        {
            foreach (var mode in new[] { SearchMode.Keyword, SearchMode.Vector, SearchMode.Hybrid })
            {
                var hits = await SearchAsync("the of and", mode);
                Assert.All(hits, hit => Assert.Equal(mode, hit.Mode));
            }
        }

        [Fact]
        public async Task ForcingEmbeddingGenerationEmbedsStoredChunksWithoutAskingTheSource()
        {
            await TestS3.PutAsync(_world.Client, _world.Bucket, "skip/plain.txt", "Umbrellas can be borrowed from the front desk when it rains.");
            await _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket, "skip/") }, Options = new FileSyncOptions { SkipEmbeddingGeneration = true } },
                _ => { },
                SilentReporter.Instance,
                CancellationToken.None);
            var skipped = _world.Engine.Files.Query(new FileQuery()).Single(f => f.Key == "skip/plain.txt");
            Assert.Equal(0, skipped.Embeddings);
            Assert.Null(skipped.EmbeddingModel);

            _world.Requests.Reset();
            var updated = new List<SyncedFile>();
            await _world.Engine.Resync.ResyncAsync(new[] { skipped.Id }, new ResyncRequest { ForceEmbeddingGeneration = true }, updated.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(0, _world.Requests["GetObject"] + _world.Requests["HeadObject"] + _world.Requests["ListObjectsV2"]);
            var file = Assert.Single(updated);
            Assert.Equal(file.Chunks, file.Embeddings);
            Assert.Equal("Local/snowflake-arctic-embed-xs", file.EmbeddingModel);
            Assert.False(file.Options.SkipEmbeddingGeneration);
            var hits = await SearchAsync("borrow something against the rain", SearchMode.Vector);
            Assert.Equal("skip/plain.txt", hits[0].Key);
        }

        private Task<IReadOnlyList<SearchHit>> SearchAsync(string text, SearchMode mode) =>
            _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = text, Mode = mode, Top = 5 }, CancellationToken.None);

        private Task SyncAsync(string prefix, string team) =>
            _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket, prefix) }, Options = new FileSyncOptions { Tags = new Dictionary<string, string> { ["team"] = team } } },
                _ => { },
                SilentReporter.Instance,
                CancellationToken.None);
    }
}
