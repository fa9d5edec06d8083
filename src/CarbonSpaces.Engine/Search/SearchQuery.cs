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

        public SearchMode Mode { get; set; } = SearchMode.Keyword;

        /// <summary>-SemanticWeight when it was given: the weight of vector similarity in a hybrid search.</summary>
        public double? SemanticWeight { get; set; }

        public IReadOnlyDictionary<string, string>? Tags { get; set; }

        public IReadOnlyCollection<long>? FileIds { get; set; }

        public IReadOnlyCollection<long>? DataSourceIds { get; set; }
    }
}
