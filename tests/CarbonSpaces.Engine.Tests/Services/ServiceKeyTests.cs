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
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Services
{
    /// <summary>
    /// One way to source the keys of embedding, rerank and transcription services: this session, an environment
    /// variable, or a SecretManagement secret read through the host (here the test host, which plays the PowerShell
    /// session as for data-source secrets). The services are fakes on 127.0.0.1 speaking the real protocols.
    /// </summary>
    public sealed class ServiceKeyTests : IAsyncLifetime
    {
        private const string Key = "sk-from-the-vault-7d2e";

        private S3World _world = null!;
        private FakeAIService _service = null!;

        public async Task InitializeAsync()
        {
            _world = await S3World.CreateAsync();
            _service = new FakeAIService();
            _world.Host.ServiceSecrets["ai-key@RunbookVault"] = Key;
            await TestS3.PutAsync(_world.Client, _world.Bucket, "it/login.txt", "To change a forgotten login credential, open the account portal and choose the recovery option.");
            await TestS3.PutAsync(_world.Client, _world.Bucket, "kitchen/coffee.txt", "The espresso machine on the third floor is descaled every Friday.");
        }

        public Task DisposeAsync()
        {
            _service.Dispose();
            _world.Dispose();
            return Task.CompletedTask;
        }

        [Fact]
        public async Task EmbeddingReadsItsKeyFromSecretManagementOnceACommandAndStoresOnlyWhereItIs()
        {
            _world.Engine.EmbeddingModels.Set(new EmbeddingSettings
            {
                Provider = EmbeddingProvider.OpenAI,
                Model = "text-embedding-3-small",
                Endpoint = _service.Endpoint + "v1",
                ApiKey = ApiKeySource.FromSecret("ai-key", "RunbookVault"),
            });

            await _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket) } },
                _ => { }, SilentReporter.Instance, CancellationToken.None);
            await _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "reset password", Mode = SearchMode.Vector }, CancellationToken.None);

            Assert.True(_service.Requests.Count >= 2, "the chunks and the query were embedded");
            Assert.All(_service.Requests, request => Assert.Equal("Bearer " + Key, request.Authorization));
            Assert.Equal(1, _world.Host.ServiceSecretReads);
            Assert.Equal("SecretManagement:ai-key@RunbookVault", _world.Engine.EmbeddingModels.Settings.ApiKey!.ToString());
            _world.Engine.Dispose();
            Assert.DoesNotContain(Key, System.IO.File.ReadAllText(_world.StorePath, System.Text.Encoding.Latin1));
        }

        [Fact]
        public async Task RerankReadsItsKeyFromSecretManagementAtEachUse()
        {
            await _world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = _world.Source.Id, Targets = new[] { SyncTarget.Under(_world.Bucket) }, Options = new FileSyncOptions { SkipEmbeddingGeneration = true } },
                _ => { }, SilentReporter.Instance, CancellationToken.None);
            _world.Engine.RerankService.Set(new RerankSettings { Endpoint = _service.Endpoint, Model = "rerank", ApiKey = ApiKeySource.FromSecret("ai-key", "RunbookVault") }, null);

            await _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "espresso machine", Mode = SearchMode.Keyword, Rerank = true }, CancellationToken.None);
            _world.Host.ServiceSecrets["ai-key@RunbookVault"] = "sk-rotated";
            await _world.Engine.Retriever.SearchAsync(new SearchQuery { Text = "espresso machine", Mode = SearchMode.Keyword, Rerank = true }, CancellationToken.None);

            Assert.Equal(new[] { "Bearer " + Key, "Bearer sk-rotated" }, _service.Requests.Select(r => r.Authorization));
        }

        [Fact]
        public void TranscriptionKeepsTheSameKindsOfSourceAndAMissingSecretSaysWhichOne()
        {
            _world.Engine.Transcription.Set(new TranscriptionSettings { Endpoint = new System.Uri(_service.Endpoint), Model = "whisper-1", ApiKey = ApiKeySource.FromSecret("transcription-key", null) });

            var error = Assert.Throws<CarbonSpacesException>(() => _world.Engine.Transcription.Client);

            Assert.Equal("CarbonSpaces.SecretNotFound", error.ErrorId);
            Assert.Contains("transcription-key", error.Message);
            using var another = _world.OpenAnotherEngine();
            Assert.Equal("SecretManagement:transcription-key", another.Transcription.Get()!.ApiKey!.ToString());
        }

        [Fact]
        public void WithoutAPowerShellSessionASecretCannotBeReadAndTheErrorSaysWhatToUseInstead()
        {
            var source = ApiKeySource.FromSecret("ai-key", "RunbookVault");

            var error = Assert.Throws<CarbonSpacesException>(() => source.Resolve("the rerank service Cohere/rerank", "Set-CarbonRerankService", null));

            Assert.Equal("CarbonSpaces.ApiKeyMissing", error.ErrorId);
            Assert.Contains("'ai-key'", error.Message);
            Assert.Contains("-ApiKeyVariable", error.Message);
        }

        [Fact]
        public void AKeySourceSavedByTheEarlierVersionStillReads()
        {
            _world.ExecuteOnStore(@"INSERT INTO settings (name, value, updated_at) VALUES ('rerank_service',
                '{""Provider"":""Cohere"",""Endpoint"":""https://api.cohere.com/"",""Model"":""rerank"",""ApiKey"":{""Kind"":""Environment"",""Name"":""COHERE_KEY""},""UpdatedAt"":""2026-12-01T00:00:00+00:00""}', 0)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value;");

            Assert.Equal("Environment:COHERE_KEY", _world.Engine.RerankService.Settings!.ApiKey!.ToString());
        }
    }
}
