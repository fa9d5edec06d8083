using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Services
{
    /// <summary>
    /// Embedding and rerank services over their real protocols, served on 127.0.0.1 by a fake that computes
    /// real vectors with the local model and records what each request carried.
    /// </summary>
    public sealed class EmbeddingServiceTests : IAsyncLifetime
    {
        private const string Key = "sk-test-4f1c9a";

        private S3World _world = null!;
        private FakeAIService _service = null!;

        public async Task InitializeAsync()
        {
            _world = await S3World.CreateAsync();
            _service = new FakeAIService();
            await TestS3.PutAsync(_world.Client, _world.Bucket, "it/login.txt", "To change a forgotten login credential,\n\nopen the account portal and choose the recovery option.");
            await TestS3.PutAsync(_world.Client, _world.Bucket, "kitchen/coffee.txt", "The espresso machine on the third floor is descaled every Friday.");
        }

        public Task DisposeAsync()
        {
            _service.Dispose();
            _world.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public async Task OpenAIGetsTheModelTheNormalizedChunksAndABearerKeyAndItsVectorsFindAParaphrase()
        {
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.OpenAI, Model = "text-embedding-3-small", Endpoint = _service.Endpoint + "v1" }, Key);

            var files = await SyncAsync();

            var request = _service.Requests.First();
            Assert.Equal("/v1/embeddings", request.Path);
            Assert.Equal("Bearer " + Key, request.Authorization);
            Assert.Equal("text-embedding-3-small", request.Body["model"]!.GetValue<string>());
            Assert.Equal("float", request.Body["encoding_format"]!.GetValue<string>());
            Assert.Contains(_service.Requests.SelectMany(r => r.Body["input"]!.AsArray()).Select(i => i!.GetValue<string>()), text => text.StartsWith("To change a forgotten login credential, open the account portal", System.StringComparison.Ordinal));
            Assert.All(files, file => Assert.Equal("OpenAI/text-embedding-3-small", file.EmbeddingModel));
            Assert.All(files, file => Assert.Equal(file.Chunks, file.Embeddings));
            Assert.Equal("it/login.txt", (await SearchAsync("reset password", SearchMode.Vector))[0].Key);
        }

        [Fact]
        public async Task AzureOpenAIGetsTheDeploymentInThePathTheKeyInItsHeaderAndTheDimensionsAskedFor()
        {
            _service.Dimensions = 256;
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.AzureOpenAI, Model = "embeddings-small", Endpoint = _service.Endpoint, Dimensions = 256 }, Key);

            var files = await SyncAsync();

            var request = _service.Requests.First();
            Assert.Equal("/openai/deployments/embeddings-small/embeddings?api-version=2024-10-21", request.Path);
            Assert.Equal(Key, request.ApiKey);
            Assert.Null(request.Authorization);
            Assert.Null(request.Body["model"]);
            Assert.Equal(256, request.Body["dimensions"]!.GetValue<int>());
            Assert.All(files, file => Assert.Equal("AzureOpenAI/embeddings-small@256", file.EmbeddingModel));
        }

        [Fact]
        public async Task OllamaGetsTheModelOnApiEmbedWithNoKey()
        {
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.Ollama, Model = "nomic-embed-text", Endpoint = _service.Endpoint });

            var files = await SyncAsync();

            var request = _service.Requests.First();
            Assert.Equal("/api/embed", request.Path);
            Assert.Null(request.Authorization);
            Assert.Equal("nomic-embed-text", request.Body["model"]!.GetValue<string>());
            Assert.All(files, file => Assert.Equal(file.Chunks, file.Embeddings));
        }

        [Fact]
        public async Task ThrottledRequestsAreRetriedAsTheServiceAsks()
        {
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.Ollama, Model = "nomic-embed-text", Endpoint = _service.Endpoint });
            _service.ThrottleNext(2);

            var errors = new ConcurrentBag<CarbonSpacesException>();
            var files = await SyncAsync("it/", new CollectingReporter(errors));

            Assert.Empty(errors);
            Assert.Equal(FileStatus.Ready, Assert.Single(files).SyncStatus);
            Assert.Equal(3, _service.Requests.Count);
        }

        [Fact]
        public async Task AWorkerDownloadsItsNextObjectWhileItsBuildWaitsForTheService()
        {
            // Against a far endpoint a GET is mostly waiting: a worker asks for its next object once the last one is in,
            // not once that one is built, so a build held up (here by the service) leaves no request slot idle.
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.Ollama, Model = "nomic-embed-text", Endpoint = _service.Endpoint });
            var release = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _service.Hold = release.Task;
            _world.Requests.Reset();

            var files = new List<SyncedFile>();
            var sync = _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket, string.Empty) }, ThrottleLimit = 1 },
                files.Add,
                SilentReporter.Instance,
                CancellationToken.None);
            var deadline = System.Diagnostics.Stopwatch.StartNew();
            while ((_world.Requests["GetObject"] < 2 || _service.Requests.IsEmpty) && deadline.Elapsed < System.TimeSpan.FromSeconds(30) && !sync.IsCompleted)
            {
                await Task.Delay(20);
            }

            var getsWhileHeld = _world.Requests["GetObject"];
            var embedsWhileHeld = _service.Requests.Count;
            release.SetResult(true);
            await sync;

            Assert.Equal(1, embedsWhileHeld);
            Assert.Equal(2, getsWhileHeld);
            Assert.Equal(2, files.Count(file => file.SyncStatus == FileStatus.Ready));
        }

        [Theory]
        [InlineData("refused", "CarbonSpaces.ServiceKeyRejected")]
        [InlineData("wrong size", "CarbonSpaces.EmbeddingInvalid")]
        [InlineData("down", "CarbonSpaces.ServiceUnreachable")]
        [InlineData("throttled", "CarbonSpaces.ServiceThrottled")]
        public async Task AServiceThatFailsMakesAClearFileErrorAndTheFileKeepsWhatItHad(string failure, string errorId)
        {
            await SyncAsync("it/");
            var before = _world.Engine.Chunks.ForFile(Single("it/login.txt").Id).ToList();
            string endpoint = failure == "down" ? "http://127.0.0.1:9/" : _service.Endpoint + "v1";
            _service.RefuseKey = failure == "refused";
            _service.Dimensions = failure == "wrong size" ? 100 : (int?)null;
            _service.ThrottleNext(failure == "throttled" ? 10 : 0);
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.OpenAI, Model = "text-embedding-3-small", Endpoint = endpoint, Dimensions = 384 }, Key);

            var errors = new ConcurrentBag<CarbonSpacesException>();
            await _world.Engine.Resync.ResyncAsync(new[] { Single("it/login.txt").Id }, new ResyncRequest { Force = true }, _ => { }, new CollectingReporter(errors), CancellationToken.None);

            var error = Assert.Single(errors);
            Assert.Equal(errorId, error.ErrorId);
            Assert.DoesNotContain(Key, error.Message);
            var file = Single("it/login.txt");
            Assert.Equal(FileStatus.SyncError, file.SyncStatus);
            Assert.Equal(before.Select(c => c.Content), _world.Engine.Chunks.ForFile(file.Id).Select(c => c.Content));
            Assert.Equal("Local/snowflake-arctic-embed-xs", file.EmbeddingModel);
        }

        [Fact]
        public async Task AfterAChangeOfModelSearchUsesOnlyVectorsOfTheNewOneUntilTheFilesAreEmbeddedAgain()
        {
            var files = await SyncAsync();
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.Ollama, Model = "nomic-embed-text", Endpoint = _service.Endpoint });
            var models = new EmbeddingModels(_world.Engine.Store);
            var retriever = new ChunkRetriever(_world.Engine.Store, _world.Engine.Search, models, _world.Engine.RerankService);

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => retriever.SearchAsync(new SearchQuery { Text = "reset password", Mode = SearchMode.Vector }, CancellationToken.None));
            Assert.Equal("CarbonSpaces.NoEmbeddings", error.ErrorId);
            Assert.Equal(SearchMode.Keyword, (await retriever.SearchAsync(new SearchQuery { Text = "espresso" }, CancellationToken.None))[0].Mode);

            var updated = new List<SyncedFile>();
            await _world.OpenAnotherEngine().Resync.ResyncAsync(files.Select(f => f.Id).ToList(), new ResyncRequest { ForceEmbeddingGeneration = true }, updated.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.All(updated, file => Assert.Equal("Ollama/nomic-embed-text", file.EmbeddingModel));
            var hits = await new ChunkRetriever(_world.Engine.Store, _world.Engine.Search, new EmbeddingModels(_world.Engine.Store), _world.Engine.RerankService)
                .SearchAsync(new SearchQuery { Text = "reset password", Mode = SearchMode.Vector }, CancellationToken.None);
            Assert.Equal("it/login.txt", hits[0].Key);
        }

        [Fact]
        public async Task RerankSendsTheQueryAndCandidatesToTheCohereProtocolAndOrdersByItsScores()
        {
            await SyncAsync();
            _world.Engine.RerankService.Set(new RerankSettings { Endpoint = _service.Endpoint, Model = "rerank-english-v3.0" }, Key);

            var hits = await _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "who cleans the coffee maker", Top = 2, Rerank = true }, CancellationToken.None);

            var request = Assert.Single(_service.Requests);
            Assert.Equal("/v1/rerank", request.Path);
            Assert.Equal("Bearer " + Key, request.Authorization);
            Assert.Equal("rerank-english-v3.0", request.Body["model"]!.GetValue<string>());
            Assert.Equal("who cleans the coffee maker", request.Body["query"]!.GetValue<string>());
            Assert.Equal(2, request.Body["documents"]!.AsArray().Count);
            Assert.Equal("kitchen/coffee.txt", hits[0].Key);
            Assert.All(hits, hit => Assert.True(hit.Reranked));
            Assert.True(hits[0].Score >= hits[1].Score);
        }

        [Fact]
        public async Task RerankWithoutAServiceSaysHowToSetOne()
        {
            await SyncAsync();

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "coffee", Rerank = true }, CancellationToken.None));

            Assert.Equal("CarbonSpaces.NoRerankService", error.ErrorId);
            Assert.Contains("Set-CarbonRerankService", error.Message);
        }

        [Fact]
        public void KeysAreNeverWrittenToTheStoreAndAnEnvironmentVariableIsReadAtEachUse()
        {
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings { Provider = EmbeddingProvider.OpenAI, Model = "text-embedding-3-small", Endpoint = _service.Endpoint }, Key);
            _world.Engine.RerankService.Set(new RerankSettings { Endpoint = _service.Endpoint, Model = "rerank" }, Key);
            _world.Engine.Dispose();

            Assert.DoesNotContain(Key, File.ReadAllText(_world.StorePath, System.Text.Encoding.Latin1));
            Assert.DoesNotContain(Key, File.Exists(_world.StorePath + "-wal") ? File.ReadAllText(_world.StorePath + "-wal", System.Text.Encoding.Latin1) : string.Empty);

            var fromEnvironment = ApiKeySource.FromEnvironment("CARBONSPACES_TEST_KEY_THAT_IS_NOT_SET");
            var error = Assert.Throws<CarbonSpacesException>(() => fromEnvironment.Resolve("the embedding model OpenAI/x", "Set-CarbonEmbeddingModel", null));
            Assert.Equal("CarbonSpaces.ApiKeyMissing", error.ErrorId);
            Assert.Contains("CARBONSPACES_TEST_KEY_THAT_IS_NOT_SET", error.Message);
        }

        private SyncedFile Single(string key) => _world.Engine.Files.Query(new FileQuery()).Single(f => f.Key == key);

        private Task<IReadOnlyList<SearchHit>> SearchAsync(string text, SearchMode mode) =>
            _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = text, Mode = mode }, CancellationToken.None);

        private async Task<List<SyncedFile>> SyncAsync(string prefix = "", IOperationReporter? reporter = null)
        {
            var files = new List<SyncedFile>();
            await _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket, prefix) } },
                files.Add,
                reporter ?? SilentReporter.Instance,
                CancellationToken.None);
            return files;
        }
    }
}
