using System.Collections.Generic;

namespace CarbonSpaces.Engine.Search
{
    public enum SearchMode
    {
        Keyword,
        Vector,
        Hybrid,
    }

    /// <summary>Search-CarbonChunk's question and filters.</summary>
    public sealed class SearchQuery
    {
        public string Text { get; set; } = string.Empty;

        public int Top { get; set; } = 10;

        /// <summary>Null: Hybrid when the store holds vectors of the current embedding model, else Keyword.</summary>
        public SearchMode? Mode { get; set; }

        /// <summary>For Hybrid: the weight of the vector ranking against the keyword ranking, 0 to 1.</summary>
        public double SemanticWeight { get; set; } = 0.5;

        /// <summary>Re-order the top results through the rerank service (Set-CarbonRerankService).</summary>
        public bool Rerank { get; set; }

        public IReadOnlyDictionary<string, string>? Tags { get; set; }

        public IReadOnlyCollection<long>? FileIds { get; set; }

        public IReadOnlyCollection<long>? DataSourceIds { get; set; }
    }
}
