namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>Who computes the vectors.</summary>
    public enum EmbeddingProvider
    {
        /// <summary>snowflake-arctic-embed-xs in process (PowerShell 7): no service, no key, no network.</summary>
        Local,
    }
}
