using System;

namespace CarbonSpaces.Engine.Services.Rerank
{
    /// <summary>Set-CarbonRerankService's choice, as the store keeps it. Never holds a key.</summary>
    public sealed class RerankSettings
    {
        /// <summary>Cohere: the <c>POST /v1/rerank</c> protocol, also spoken by Jina, vLLM, Infinity and TEI.</summary>
        public string Provider { get; set; } = "Cohere";

        public string Endpoint { get; set; } = "https://api.cohere.com/";

        public string Model { get; set; } = string.Empty;

        /// <summary>Where the key comes from; null when the service needs none.</summary>
        public ApiKeySource? ApiKey { get; set; }

        public DateTimeOffset? UpdatedAt { get; set; }

        /// <summary>Names the service in messages, and the key given for it in this session.</summary>
        public string Identity => $"{Provider}/{Model}@{Endpoint}";
    }
}
