#if NET8_0_OR_GREATER
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace CarbonSpaces.Engine.Services.Embedding
{
    /// <summary>The local model as an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/>, like any service's client.</summary>
    internal sealed class LocalEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        private static readonly EmbeddingGeneratorMetadata Metadata =
            new EmbeddingGeneratorMetadata("local-onnx", null, LocalEmbeddingModel.ModelName, LocalEmbeddingModel.Dimensions);

        public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            var texts = values as IReadOnlyList<string> ?? values.ToList();
            var vectors = await LocalEmbeddingModel.Instance.EmbedAsync(texts, cancellationToken).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            return new GeneratedEmbeddings<Embedding<float>>(
                vectors.Select(v => new Embedding<float>(v) { CreatedAt = now, ModelId = LocalEmbeddingModel.ModelName }));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey == null && serviceType.IsInstanceOfType(Metadata) ? Metadata
            : serviceKey == null && serviceType.IsInstanceOfType(this) ? this
            : null;

        /// <summary>The model is the process's (<see cref="LocalEmbeddingModel.Instance"/>): nothing to release per client.</summary>
        public void Dispose()
        {
        }
    }
}
#endif
