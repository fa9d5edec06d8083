using System.Collections.Generic;
using CarbonSpaces.Engine.Search;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// The chunks' words, indexed for keyword search: the one seam between the engine and a store's full-text
    /// index. Scores are the index's relevance, higher is better; hits come with their files, unnumbered.
    /// </summary>
    public interface IKeywordIndex
    {
        /// <summary>
        /// The best <paramref name="count"/> chunks that match and pass the filter and are not in <paramref name="excluded"/>,
        /// best first, equal scores newest first. With a <paramref name="window"/>, only the newest that-many matches
        /// are ranked: ranking every match of a query found in most of a large store takes seconds.
        /// </summary>
        IReadOnlyList<SearchHit> Best(KeywordMatch match, ChunkFilter filter, int count, ICollection<long> excluded, int? window = null);

        /// <summary>The newest <paramref name="count"/> chunks that match and pass the filter and are not in <paramref name="excluded"/>, unranked (score 0).</summary>
        IReadOnlyList<SearchHit> Newest(KeywordMatch match, ChunkFilter filter, int count, ICollection<long> excluded);

        /// <summary>Whether more than <paramref name="count"/> chunks match and pass the filter (counting stops there).</summary>
        bool MatchesMoreThan(KeywordMatch match, ChunkFilter filter, int count);

        /// <summary>The chunks of <paramref name="chunkIds"/> that still exist, by id, as hits with their files: what another ranking found (scores and ranks are the caller's).</summary>
        IReadOnlyDictionary<long, SearchHit> Read(IEnumerable<long> chunkIds);
    }
}
