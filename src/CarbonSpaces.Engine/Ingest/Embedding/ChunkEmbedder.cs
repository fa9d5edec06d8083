using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Services.Embedding;

namespace CarbonSpaces.Engine.Ingest.Embedding
{
    /// <summary>
    /// The build step after chunking: every chunk of a file gets a vector from the store's embedding model,
    /// unless the file was synced with -SkipEmbeddingGeneration. Runs in the build workers, beside the
    /// downloads and extraction of other files.
    /// </summary>
    internal sealed class ChunkEmbedder
    {
        private readonly EmbeddingModels _models;

        public ChunkEmbedder(EmbeddingModels models)
        {
            _models = models;
        }

        /// <summary>The store's embedding model this embedder uses, for the steps that embed outside a build.</summary>
        public EmbeddingModels Models => _models;

        /// <summary>
        /// Reads the store's embedding model now, on the caller's turn at the store: the build workers that embed
        /// must not touch the store's connection, which the one writer uses meanwhile.
        /// </summary>
        public void Prepare() => _ = _models.Current;

        public async Task EmbedAsync(FileBuild build, CancellationToken cancellation)
        {
            if (build.Options.SkipEmbeddingGeneration || build.Chunks.Count == 0 || _models.Current is not EmbeddingModel model)
            {
                return;
            }

            build.Embeddings = await model.EmbedDocumentsAsync(build.Chunks.Select(c => c.Content).ToList(), cancellation).ConfigureAwait(false);
            build.EmbeddingModel = model.Name;
        }

        /// <summary>Why a build that wanted vectors has none; null when it has them or did not want them.</summary>
        public string? WarningFor(FileBuild build) =>
            build.Embeddings != null || build.Options.SkipEmbeddingGeneration || build.Chunks.Count == 0 ? null : _models.Unavailable;
    }
}
