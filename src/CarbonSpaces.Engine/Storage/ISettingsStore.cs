using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// The store's own settings: the embedding model, the rerank service and the transcription service. Each
    /// says where a key comes from, never the key. A read gives null when the setting was never written.
    /// </summary>
    public interface ISettingsStore
    {
        EmbeddingSettings? ReadEmbedding();

        void WriteEmbedding(IUnitOfWork work, EmbeddingSettings settings);

        RerankSettings? ReadRerank();

        void WriteRerank(IUnitOfWork work, RerankSettings settings);

        TranscriptionSettings? ReadTranscription();

        void WriteTranscription(IUnitOfWork work, TranscriptionSettings settings);
    }
}
