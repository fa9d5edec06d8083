using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Services.Http;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Services.Rerank
{
    /// <summary>
    /// Search-CarbonChunk -Rerank: a cross-encoder service reads the query beside each candidate chunk and
    /// scores how well it answers, through Cohere's <c>POST /v1/rerank</c> (the protocol Jina, vLLM, Infinity
    /// and Hugging Face TEI also serve).
    /// </summary>
    public sealed class RerankService
    {
        private const string Service = "rerank service";

        private readonly IStore _store;
        private readonly IServiceKeyHost? _host;

        /// <param name="host">Reads a key kept in SecretManagement; null where there is no PowerShell session.</param>
        internal RerankService(IStore store, IServiceKeyHost? host = null)
        {
            _store = store;
            _host = host;
        }

        /// <summary>The saved service, or null when none was set.</summary>
        public RerankSettings? Settings => _store.Settings.ReadRerank();

        public RerankSettings Set(RerankSettings settings, string? sessionKey)
        {
            if (string.IsNullOrWhiteSpace(settings.Model))
            {
                throw new CarbonSpacesException("CarbonSpaces.RerankSettingMissing", FailureKind.InvalidArgument, "Set-CarbonRerankService needs -Model (the reranking model's name at the service).", settings.Provider);
            }

            if (!Uri.TryCreate(settings.Endpoint, UriKind.Absolute, out _))
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidEndpoint", FailureKind.InvalidArgument, $"-Endpoint '{settings.Endpoint}' is not an absolute http(s) address.", settings.Endpoint);
            }

            if (sessionKey != null)
            {
                settings.ApiKey = ApiKeySource.InSession(KeyOwner(settings), sessionKey);
            }

            settings.UpdatedAt = DateTimeOffset.UtcNow;
            using (var work = _store.BeginWrite())
            {
                _store.Settings.WriteRerank(work, settings);
                work.Commit();
            }

            return settings;
        }

        /// <summary>Each document's relevance to the query, best first: (index into <paramref name="documents"/>, score).</summary>
        internal async Task<IReadOnlyList<(int Index, double Score)>> RerankAsync(string query, IReadOnlyList<string> documents, CancellationToken cancellation)
        {
            var settings = Settings ?? throw new CarbonSpacesException(
                "CarbonSpaces.NoRerankService",
                FailureKind.ResourceUnavailable,
                "-Rerank needs a reranking service: set one with Set-CarbonRerankService -Provider Cohere -Endpoint <uri> -Model <name>.",
                query);
            if (documents.Count == 0)
            {
                return Array.Empty<(int, double)>();
            }

            var root = settings.Endpoint.EndsWith("/", StringComparison.Ordinal) ? settings.Endpoint : settings.Endpoint + "/";
            var address = new Uri(new Uri(root), "v1/rerank");
            var body = new JsonObject
            {
                ["model"] = settings.Model,
                ["query"] = query,
                ["documents"] = new JsonArray(documents.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
                ["top_n"] = documents.Count,
            };
            string? key = settings.ApiKey?.Resolve(KeyOwner(settings), "Set-CarbonRerankService", _host);
            var answer = await ServiceRequest.PostAsync(
                Service,
                address,
                body,
                request =>
                {
                    if (key != null)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    }
                },
                cancellation).ConfigureAwait(false);

            var results = (answer["results"] as JsonArray)?.OfType<JsonObject>()
                .Select(r => (Index: (int?)r["index"] ?? -1, Score: (double?)r["relevance_score"] ?? double.NaN))
                .ToList();
            if (results == null || results.Any(r => r.Index < 0 || r.Index >= documents.Count || double.IsNaN(r.Score)))
            {
                throw ServiceRequest.Failed(Service, address, "answered without a relevance score for each document.", null);
            }

            return results.OrderByDescending(r => r.Score).ToList();
        }

        /// <summary>What the key is given for, in messages and in this session's memory.</summary>
        private static string KeyOwner(RerankSettings settings) => $"the rerank service {settings.Identity}";
    }
}
