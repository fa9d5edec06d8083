using System;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>ISettingsStore on each backend: the same calls, the same answers.</summary>
    public sealed class SettingsStoreTests
    {
        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void EachSettingIsNullUntilWrittenAndTheLastWriteWins(string backend)
        {
            using var store = BackendStores.Open(backend);
            var settings = store.Store.Settings;
            Assert.Null(settings.ReadEmbedding());
            Assert.Null(settings.ReadRerank());
            Assert.Null(settings.ReadTranscription());

            using (var work = store.BeginWrite())
            {
                settings.WriteEmbedding(work, new EmbeddingSettings { Model = "first" });
                settings.WriteEmbedding(work, new EmbeddingSettings { Provider = EmbeddingProvider.OpenAI, Model = "text-embedding-3-small", Dimensions = 512, ApiKey = ApiKeySource.FromEnvironment("OPENAI_API_KEY") });
                settings.WriteRerank(work, new RerankSettings { Model = "rerank-v3.5", ApiKey = new ApiKeySource { Kind = ApiKeyKind.SecretManagement, Name = "cohere", Vault = "RunbookVault" } });
                work.Commit();
            }

            var embedding = settings.ReadEmbedding()!;
            Assert.Equal("OpenAI/text-embedding-3-small@512", embedding.Identity);
            Assert.Equal("Environment:OPENAI_API_KEY", embedding.ApiKey!.ToString());
            var rerank = settings.ReadRerank()!;
            Assert.Equal("Cohere/rerank-v3.5@https://api.cohere.com/", rerank.Identity);
            Assert.Equal("SecretManagement:cohere@RunbookVault", rerank.ApiKey!.ToString());

            // a write that is not committed leaves the setting as it was
            using (var work = store.BeginWrite())
            {
                settings.WriteRerank(work, new RerankSettings { Model = "rolled-back" });
            }

            Assert.Equal("rerank-v3.5", settings.ReadRerank()!.Model);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public void TheTranscriptionServiceIsOneRowWithOrWithoutAKeySource(string backend)
        {
            using var store = BackendStores.Open(backend);
            var settings = store.Store.Settings;
            var updated = DateTimeOffset.FromUnixTimeMilliseconds(1_780_000_000_456);
            using (var work = store.BeginWrite())
            {
                settings.WriteTranscription(work, new TranscriptionSettings { ApiKey = new ApiKeySource { Kind = ApiKeyKind.SecretManagement, Name = "openai", Vault = "Vault" }, UpdatedAt = updated });
                work.Commit();
            }

            var saved = settings.ReadTranscription()!;
            Assert.Equal(("OpenAI", "https://api.openai.com/v1", "whisper-1", TranscriptionSettings.DefaultMaxUploadBytes, updated), (saved.Provider, saved.Endpoint.AbsoluteUri, saved.Model, saved.MaxUploadBytes, saved.UpdatedAt));
            Assert.Equal("SecretManagement:openai@Vault", saved.ApiKey!.ToString());

            using (var work = store.BeginWrite())
            {
                settings.WriteTranscription(work, new TranscriptionSettings { Provider = "Local", Endpoint = new Uri("http://127.0.0.1:9000/v1"), Model = "small", MaxUploadBytes = 1000, UpdatedAt = updated.AddHours(1) });
                work.Commit();
            }

            var local = settings.ReadTranscription()!;
            Assert.Equal(("Local", "http://127.0.0.1:9000/v1", "small", 1000L, updated.AddHours(1)), (local.Provider, local.Endpoint.AbsoluteUri, local.Model, local.MaxUploadBytes, local.UpdatedAt));
            Assert.Null(local.ApiKey);
        }

        [Theory]
        [BackendData(BackendStores.Sqlite)]
        [BackendData(BackendStores.Postgres)]
        public async Task TwoStoresWritingOneSettingAtOnceBothSucceedAndOneWins(string backend)
        {
            using var first = BackendStores.Open(backend);
            using var second = first.OpenAnother();
            var writers = new[] { first, second }.Select((store, writer) => Task.Factory.StartNew(() =>
            {
                var settings = store.Store.Settings;
                for (var i = 0; i < 20; i++)
                {
                    using var work = store.BeginWrite();
                    settings.WriteEmbedding(work, new EmbeddingSettings { Model = $"writer-{writer}" });
                    work.Commit();
                }
            }, TaskCreationOptions.LongRunning)).ToArray();

            await Task.WhenAll(writers);
            Assert.Contains(first.Store.Settings.ReadEmbedding()!.Model, new[] { "writer-0", "writer-1" });
        }
    }
}
