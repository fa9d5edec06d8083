using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Services.Http;
using Microsoft.Extensions.AI;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>
    /// An embedding service as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, speaking its own wire
    /// protocol: OpenAI's <c>POST /v1/embeddings</c> (Bearer key), Azure OpenAI's
    /// <c>POST /openai/deployments/{model}/embeddings?api-version=…</c> (api-key header), Ollama's
    /// <c>POST /api/embed</c> (no key). A small client of our own rather than the vendors' SDKs: each is one
    /// request, and the errors (refused key, throttling, a vector of the wrong size) must read the same
    /// whichever service answers.
    /// </summary>
    internal sealed class HttpEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private const string AzureApiVersion = "2024-10-21";

        private readonly EmbeddingSettings _settings;
        private readonly Func<string>? _key;
        private readonly Uri _address;
        private readonly EmbeddingGeneratorMetadata _metadata;

        public HttpEmbeddingGenerator(EmbeddingSettings settings, Func<string>? key)
        {
            _settings = settings;
            _key = key;
            _address = Address(settings);
            _metadata = new EmbeddingGeneratorMetadata(settings.Provider.ToString(), _address, settings.Model, settings.Dimensions);
        }

        public static Uri DefaultEndpoint(EmbeddingProvider provider) => provider switch
        {
            EmbeddingProvider.OpenAI => new Uri("https://api.openai.com/v1/"),
            EmbeddingProvider.Ollama => new Uri("http://127.0.0.1:11434/"),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "This provider has no default endpoint."),
        };

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var inputs = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            var body = new JsonObject { ["input"] = inputs };
            if (_settings.Provider != EmbeddingProvider.AzureOpenAI)
            {
                body["model"] = _settings.Model;
            }

            if (_settings.Provider != EmbeddingProvider.Ollama)
            {
                body["encoding_format"] = "float";
            }

            if (_settings.Dimensions is int dimensions)
            {
                body["dimensions"] = dimensions;
            }

            string service = $"{_settings.Provider} embedding service";
            var answer = await ServiceRequest.PostAsync(service, _address, body, Authorize, cancellationToken).ConfigureAwait(false);
            var vectors = _settings.Provider == EmbeddingProvider.Ollama ? OllamaVectors(answer) : OpenAIVectors(answer);
            if (vectors == null)
            {
                throw ServiceRequest.Failed(service, _address, "answered without vectors.", null);
            }

            return new GeneratedEmbeddings<Embedding<float>>(vectors.Select(v => new Embedding<float>(v) { ModelId = _settings.Model }));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey == null && serviceType.IsInstanceOfType(_metadata) ? _metadata
            : serviceKey == null && serviceType.IsInstanceOfType(this) ? this
            : null;

        /// <summary>Holds no connection of its own (the process's HttpClient does).</summary>
        public void Dispose()
        {
        }

        private static Uri Address(EmbeddingSettings settings)
        {
            var endpoint = settings.Endpoint != null ? new Uri(settings.Endpoint) : DefaultEndpoint(settings.Provider);
            var root = endpoint.AbsoluteUri.EndsWith("/", StringComparison.Ordinal) ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
            return settings.Provider switch
            {
                EmbeddingProvider.AzureOpenAI => new Uri(root, $"openai/deployments/{Uri.EscapeDataString(settings.Model)}/embeddings?api-version={AzureApiVersion}"),
                EmbeddingProvider.Ollama => new Uri(root, "api/embed"),
                _ => new Uri(root, "embeddings"),
            };
        }

        private void Authorize(HttpRequestMessage request)
        {
            if (_key == null)
            {
                return;
            }

            if (_settings.Provider == EmbeddingProvider.AzureOpenAI)
            {
                request.Headers.Add("api-key", _key());
            }
            else
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _key());
            }
        }

        /// <summary>OpenAI and Azure: data[].embedding, each with its index (the order is not promised).</summary>
        private static List<float[]>? OpenAIVectors(JsonNode answer) =>
            (answer["data"] as JsonArray)?
                .OfType<JsonObject>()
                .OrderBy(item => (int?)item["index"] ?? 0)
                .Select(item => Floats(item["embedding"]))
                .ToList();

        private static List<float[]>? OllamaVectors(JsonNode answer) =>
            (answer["embeddings"] as JsonArray)?.Select(Floats).ToList();

        private static float[] Floats(JsonNode? vector) =>
            (vector as JsonArray)?.Select(value => (float?)value ?? float.NaN).ToArray() ?? Array.Empty<float>();
    }
}
