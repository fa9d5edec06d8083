using System;
using EngineEmbedding = CarbonSpaces.Engine.Services.Embedding;

namespace CarbonSpaces
{
    /// <summary>The store's embedding model, as Set-CarbonEmbeddingModel left it (or the local default). Never a key.</summary>
    public sealed class EmbeddingModelSetting
    {
        internal EmbeddingModelSetting(EngineEmbedding.EmbeddingSettings settings, string? unavailable)
        {
            Provider = settings.Provider.ToString();
            Model = settings.Model;
            Endpoint = settings.Endpoint;
            Dimensions = settings.Dimensions ?? (settings.Provider == EngineEmbedding.EmbeddingProvider.Local ? 384 : (int?)null);
            Name = settings.Identity;
            ApiKeySource = settings.ApiKey?.ToString();
            IsDefault = settings.UpdatedAt == null;
            Available = unavailable == null;
            UnavailableReason = unavailable;
            UpdatedAt = settings.UpdatedAt;
        }

        /// <summary>Local, OpenAI, AzureOpenAI or Ollama.</summary>
        public string Provider { get; }

        public string Model { get; }

        public string? Endpoint { get; }

        /// <summary>The vector size; null when the service decides.</summary>
        public int? Dimensions { get; }

        /// <summary>What files (File.EmbeddingModel) and vectors record: Provider/Model[@Dimensions].</summary>
        public string Name { get; }

        /// <summary>Where the key comes from (Session, Environment:NAME, SecretManagement:NAME@VAULT); never the key itself.</summary>
        public string? ApiKeySource { get; }

        /// <summary>True while nothing was set and the local model applies.</summary>
        public bool IsDefault { get; }

        /// <summary>Whether this PowerShell can embed with it (Windows PowerShell 5.1 cannot run the local model).</summary>
        public bool Available { get; }

        public string? UnavailableReason { get; }

        public DateTimeOffset? UpdatedAt { get; }
    }
}
