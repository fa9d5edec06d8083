using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Embedding;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// What turns a downloaded object into chunks and their vectors, and where the vectors are kept:
    /// the extractors, the chunker and its tokenizer, the embedder, the vector index.
    /// Composed once where the engine is opened and shared by every build (each part keeps no
    /// state between files), so a new step of the build is added here, not in the builders.
    /// </summary>
    internal sealed class FileBuildParts
    {
        public FileBuildParts(DocumentExtractor extractor, TextChunker chunker, ChunkEmbedder embedder, IVectorIndex vectors, ExtractionLimits limits)
        {
            Extractor = extractor;
            Chunker = chunker;
            Embedder = embedder;
            Vectors = vectors;
            Limits = limits;
        }

        public DocumentExtractor Extractor { get; }

        public TextChunker Chunker { get; }

        public ChunkEmbedder Embedder { get; }

        public IVectorIndex Vectors { get; }

        public ExtractionLimits Limits { get; }

        /// <summary>Every extractor over the given tools and services, the cl100k tokenizer, the embedder, the vector index and the default limits.</summary>
        public static FileBuildParts Create(ExtractionServices services, ChunkEmbedder embedder, IVectorIndex vectors) =>
            new FileBuildParts(new DocumentExtractor(services), new TextChunker(new Cl100kTokenizer()), embedder, vectors, ExtractionLimits.Default);
    }
}
