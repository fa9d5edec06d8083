namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>Who computes the vectors.</summary>
    public enum EmbeddingProvider
    {
        /// <summary>snowflake-arctic-embed-xs in process (PowerShell 7): no service, no key, no network.</summary>
        Local,

        /// <summary>OpenAI's embeddings API (or any service speaking it): Bearer key.</summary>
        OpenAI,

        /// <summary>An Azure OpenAI deployment (-Model is the deployment name): api-key header.</summary>
        AzureOpenAI,

        /// <summary>An Ollama server's /api/embed: no key.</summary>
        Ollama,
    }
}
