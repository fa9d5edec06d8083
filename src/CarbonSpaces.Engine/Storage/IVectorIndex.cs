using System.Collections.Generic;
using System.Threading;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Where chunk vectors are kept and how the nearest are found: the one seam between the engine and a
    /// store's vectors. Vectors are unit length, so the score of a match is its cosine similarity. A chunk's
    /// vector goes when the chunk goes.
    /// </summary>
    public interface IVectorIndex
    {
        /// <summary>Stores the vector of a chunk written in <paramref name="work"/>, made by <paramref name="model"/>.</summary>
        void Add(IUnitOfWork work, long chunkId, string model, float[] vector);

        /// <summary>Gives the chunks of a file, by chunk index, the vectors of <paramref name="model"/> in place of those they had.</summary>
        void ReplaceFile(IUnitOfWork work, long fileId, string model, IReadOnlyList<float[]> vectorsByChunkIndex);

        /// <summary>The chunks most similar to <paramref name="query"/> among the vectors of <paramref name="model"/> that pass the filter, best first.</summary>
        IReadOnlyList<VectorMatch> Nearest(float[] query, string model, int top, ChunkFilter filter, CancellationToken cancellation);

        /// <summary>How many chunks carry a vector of <paramref name="model"/>.</summary>
        long Count(string model);

        /// <summary>Whether any chunk carries a vector of <paramref name="model"/> (cheaper than counting).</summary>
        bool Holds(string model);

        /// <summary>Whether the store holds any chunk at all, with a vector or not.</summary>
        bool HoldsChunks();
    }

    /// <summary>A chunk and its cosine similarity to the query.</summary>
    public readonly struct VectorMatch
    {
        public VectorMatch(long chunkId, float score)
        {
            ChunkId = chunkId;
            Score = score;
        }

        public long ChunkId { get; }

        public float Score { get; }
    }
}
