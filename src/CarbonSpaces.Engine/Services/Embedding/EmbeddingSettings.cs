using System;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>Set-CarbonEmbeddingModel's choice, as the store keeps it. Never holds a key.</summary>
    public sealed class EmbeddingSettings
    {
        public EmbeddingProvider Provider { get; set; } = EmbeddingProvider.Local;

        /// <summary>The model's name at its provider; the local model's when Provider is Local.</summary>
        public string Model { get; set; } = DefaultLocalModel;

        public string? Endpoint { get; set; }

        /// <summary>The vector size asked of the provider; null for the model's own.</summary>
        public int? Dimensions { get; set; }

        /// <summary>Where the service's key comes from; null when it needs none.</summary>
        public ApiKeySource? ApiKey { get; set; }

        /// <summary>When the user last set it; null while nothing was set and the default applies.</summary>
        public DateTimeOffset? UpdatedAt { get; set; }

        public const string DefaultLocalModel = "snowflake-arctic-embed-xs";

        /// <summary>The model a provider is asked for when -Model is not given; none for Azure, where it is the deployment's name.</summary>
        public static string DefaultModelOf(EmbeddingProvider provider) => provider switch
        {
            EmbeddingProvider.Local => DefaultLocalModel,
            EmbeddingProvider.OpenAI => "text-embedding-3-small",
            EmbeddingProvider.Ollama => "nomic-embed-text",
            _ => string.Empty,
        };

        /// <summary>What files and vectors record, so that a change of model shows which vectors are of another one.</summary>
        public string Identity => Dimensions == null ? $"{Provider}/{Model}" : $"{Provider}/{Model}@{Dimensions}";

        public static EmbeddingSettings Default => new EmbeddingSettings();
    }
}
