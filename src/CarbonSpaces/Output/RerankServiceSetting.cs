using System;
using EngineRerank = CarbonSpaces.Engine.Services.Rerank;

namespace CarbonSpaces
{
    /// <summary>The store's reranking service, behind Search-CarbonChunk -Rerank. Never a key.</summary>
    public sealed class RerankServiceSetting
    {
        internal RerankServiceSetting(EngineRerank.RerankSettings settings)
        {
            Provider = settings.Provider;
            Endpoint = settings.Endpoint;
            Model = settings.Model;
            ApiKeySource = settings.ApiKey?.ToString();
            UpdatedAt = settings.UpdatedAt;
        }

        /// <summary>Cohere (the /v1/rerank protocol).</summary>
        public string Provider { get; }

        public string Endpoint { get; }

        public string Model { get; }

        /// <summary>Where the key comes from (Session, Environment:NAME, SecretManagement:NAME@VAULT); never the key itself.</summary>
        public string? ApiKeySource { get; }

        public DateTimeOffset? UpdatedAt { get; }
    }
}
