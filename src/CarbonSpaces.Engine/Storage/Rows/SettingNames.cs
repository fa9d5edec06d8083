namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>The names of the settings table's rows (one JSON document each), the same on every backend.</summary>
    internal static class SettingNames
    {
        public const string EmbeddingModel = "embedding_model";

        public const string RerankService = "rerank_service";
    }
}
