using System.Collections.Generic;
using System.Threading;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Where chunk vectors are kept and how the nearest are found: the one seam between the engine and a
    /// store's vectors. Vectors are unit length, so the score of a match is its cosine similarity. A chunk's
    /// vector goes when the chunk goes.
    /// </summary>
    internal interface IVectorIndex
    {
        /// <summary>Stores the vector of a chunk written in <paramref name="transaction"/>, made by <paramref name="model"/>.</summary>
        void Add(IUnitOfWork transaction, long chunkId, string model, float[] vector);

        /// <summary>Gives the chunks of a file, by chunk index, the vectors of <paramref name="model"/> in place of those they had.</summary>
        void ReplaceFile(IUnitOfWork transaction, long fileId, string model, IReadOnlyList<float[]> vectorsByChunkIndex);

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
    internal readonly struct VectorMatch
    {
        public VectorMatch(long chunkId, float score)
        {
            ChunkId = chunkId;
            Score = score;
        }

        public long ChunkId { get; }

        public float Score { get; }
    }

    /// <summary>Search-CarbonChunk's filters, whichever way the chunks are found.</summary>
    internal sealed class ChunkFilter
    {
        public IReadOnlyDictionary<string, string>? Tags { get; set; }

        public IReadOnlyCollection<long>? FileIds { get; set; }

        public IReadOnlyCollection<long>? DataSourceIds { get; set; }

        public bool IsEmpty => (Tags == null || Tags.Count == 0) && (FileIds == null || FileIds.Count == 0) && (DataSourceIds == null || DataSourceIds.Count == 0);

        /// <summary>The filter as AND-ed SQL conditions on chunks <c>c</c> and files <c>f</c>, its parameters added to <paramref name="command"/>.</summary>
        public string Sql(SqliteCommand command) =>
            SqlFilters.InList("c.file_id", "$file", FileIds, command)
            + SqlFilters.InList("f.data_source_id", "$ds", DataSourceIds, command)
            + SqlFilters.Tags("f.tags", "$tag", Tags, command);
    }
}
