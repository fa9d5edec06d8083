using System.Collections.Generic;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>One retrieved chunk with where it came from.</summary>
    public sealed class SearchHit
    {
        public int Rank { get; internal set; }

        /// <summary>The chunk's row: what rankings of different modes are fused on.</summary>
        internal long ChunkId { get; set; }

        /// <summary>
        /// Higher is better. Keyword: the negated BM25 score. Vector: the cosine similarity (-1 to 1). Hybrid:
        /// the fused rank score, 1 for a chunk first in both rankings.
        /// </summary>
        public double Score { get; internal set; }

        /// <summary>The mode that found it.</summary>
        public SearchMode Mode { get; internal set; } = SearchMode.Keyword;

        /// <summary>Whether the rerank service ordered it; <see cref="Score"/> is then the service's relevance score.</summary>
        public bool Reranked { get; internal set; }

        public string Content { get; internal set; } = string.Empty;

        public long FileId { get; internal set; }

        public string Name { get; internal set; } = string.Empty;

        public string Bucket { get; internal set; } = string.Empty;

        public string Key { get; internal set; } = string.Empty;

        public int ChunkIndex { get; internal set; }

        public int? Page { get; internal set; }

        public IReadOnlyDictionary<string, string> Tags { get; internal set; } = Common.Tags.Empty;

        public string DataSourceMetadata { get; internal set; } = string.Empty;

        public string FileMetadata { get; internal set; } = string.Empty;
    }
}
