using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Services.Embedding;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// An embedding and rerank service on 127.0.0.1 speaking the real wire protocols (OpenAI and Azure OpenAI
    /// embeddings, Ollama's /api/embed, Cohere's /v1/rerank), computing real vectors with the local model, and
    /// recording every request it was sent. It can be told to refuse the key, throttle, or answer vectors of
    /// the wrong size.
    /// </summary>
    public sealed class FakeAIService : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly EmbeddingModel _model = EmbeddingModels.Open(EmbeddingSettings.Default).Model!;
        private readonly Task _serving;
        private int _throttleNext;

        public FakeAIService()
        {
            // A free port can be taken by another test between the probe and the listener: try another.
            for (int attempt = 1; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Endpoint = $"http://127.0.0.1:{port}/";
                _listener.Prefixes.Add(Endpoint);
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    _listener.Prefixes.Clear();
                }
            }

            _serving = Task.Run(ServeAsync);
        }

        public string Endpoint { get; private set; } = string.Empty;

        public ConcurrentQueue<RecordedRequest> Requests { get; } = new ConcurrentQueue<RecordedRequest>();

        /// <summary>Answer 401 to everything.</summary>
        public bool RefuseKey { get; set; }

        /// <summary>Answer vectors of this many dimensions (cut from the real ones) instead of 384.</summary>
        public int? Dimensions { get; set; }

        /// <summary>When set, every request waits for it before it is answered: a test holds a build in its embedding step.</summary>
        public Task? Hold { get; set; }

        /// <summary>Answer the next this-many requests 429 with Retry-After: 0.</summary>
        public void ThrottleNext(int requests) => Interlocked.Exchange(ref _throttleNext, requests);

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            try
            {
                _serving.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // The listener stopped under a pending GetContextAsync: that is how serving ends.
            }
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            var request = new RecordedRequest(
                context.Request.Url!.PathAndQuery,
                context.Request.Headers["Authorization"],
                context.Request.Headers["api-key"],
                body);
            Requests.Enqueue(request);
            await (Hold ?? Task.CompletedTask);

            if (RefuseKey)
            {
                await AnswerAsync(context, 401, new JsonObject { ["error"] = new JsonObject { ["message"] = "Incorrect API key provided." } });
                return;
            }

            if (Interlocked.Decrement(ref _throttleNext) >= 0)
            {
                context.Response.Headers["Retry-After"] = "0";
                await AnswerAsync(context, 429, new JsonObject { ["error"] = new JsonObject { ["message"] = "Rate limit reached." } });
                return;
            }

            string path = context.Request.Url.AbsolutePath;
            if (path.EndsWith("/v1/rerank", StringComparison.Ordinal))
            {
                await AnswerAsync(context, 200, await RerankAsync(body));
            }
            else if (path.EndsWith("/api/embed", StringComparison.Ordinal))
            {
                var vectors = await EmbedAsync(body);
                await AnswerAsync(context, 200, new JsonObject { ["model"] = body["model"]!.GetValue<string>(), ["embeddings"] = new JsonArray(vectors.Select(Json).ToArray()) });
            }
            else if (path.EndsWith("/embeddings", StringComparison.Ordinal))
            {
                // Reversed on purpose: OpenAI says each item's index, and clients must order by it.
                var vectors = await EmbedAsync(body);
                var data = vectors.Select((v, i) => (JsonNode)new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = Json(v) }).Reverse().ToArray();
                await AnswerAsync(context, 200, new JsonObject { ["object"] = "list", ["data"] = new JsonArray(data), ["model"] = "fake" });
            }
            else
            {
                await AnswerAsync(context, 404, new JsonObject { ["error"] = "no such path" });
            }
        }

        private async Task<float[][]> EmbedAsync(JsonObject body)
        {
            var inputs = body["input"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            var vectors = await _model.EmbedDocumentsAsync(inputs, CancellationToken.None);
            return Dimensions is int size ? vectors.Select(v => v.Take(size).ToArray()).ToArray() : vectors;
        }

        private async Task<JsonObject> RerankAsync(JsonObject body)
        {
            var query = await _model.EmbedQueryAsync(body["query"]!.GetValue<string>(), CancellationToken.None);
            var documents = body["documents"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
            var vectors = await _model.EmbedDocumentsAsync(documents, CancellationToken.None);
            var results = vectors
                .Select((v, i) => (Index: i, Score: v.Zip(query, (a, b) => (double)a * b).Sum()))
                .OrderByDescending(r => r.Score)
                .Select(r => (JsonNode)new JsonObject { ["index"] = r.Index, ["relevance_score"] = r.Score })
                .ToArray();
            return new JsonObject { ["id"] = "fake", ["results"] = new JsonArray(results) };
        }

        private static JsonArray Json(float[] vector) => new JsonArray(vector.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray());

        private static async Task AnswerAsync(HttpListenerContext context, int status, JsonObject body)
        {
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }

        public sealed class RecordedRequest
        {
            public RecordedRequest(string path, string? authorization, string? apiKey, JsonObject body)
            {
                Path = path;
                Authorization = authorization;
                ApiKey = apiKey;
                Body = body;
            }

            public string Path { get; }

            public string? Authorization { get; }

            public string? ApiKey { get; }

            public JsonObject Body { get; }
        }
    }
}
