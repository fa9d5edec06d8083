using System.Collections;
using EngineSearch = CarbonSpaces.Engine.Search;

namespace CarbonSpaces
{
    /// <summary>A chunk retrieved for a query, with where it came from.</summary>
    public sealed class SearchResult
    {
        internal SearchResult(EngineSearch.SearchHit hit)
        {
            Rank = hit.Rank;
            Score = hit.Score;
            Mode = hit.Mode.ToString();
            Reranked = hit.Reranked;
            Content = hit.Content;
            FileId = hit.FileId;
            Name = hit.Name;
            Bucket = hit.Bucket;
            Key = hit.Key;
            ChunkIndex = hit.ChunkIndex;
            Page = hit.Page;
            Tags = TagTable.From(hit.Tags);
            DataSourceMetadata = hit.DataSourceMetadata;
            FileMetadata = hit.FileMetadata;
        }

        public int Rank { get; }

        /// <summary>Higher is better. Keyword: BM25. Vector: cosine similarity. Hybrid: fused rank score, 1 at best.</summary>
        public double Score { get; }

        /// <summary>Keyword, Vector or Hybrid: the mode that found it.</summary>
        public string Mode { get; }

        /// <summary>Whether -Rerank ordered it; Score is then the rerank service's relevance score.</summary>
        public bool Reranked { get; }

        public string Content { get; }

        public long FileId { get; }

        public string Name { get; }

        public string Bucket { get; }

        public string Key { get; }

        public int ChunkIndex { get; }

        public int? Page { get; }

        public Hashtable Tags { get; }

        public string DataSourceMetadata { get; }

        public string FileMetadata { get; }
    }
}
