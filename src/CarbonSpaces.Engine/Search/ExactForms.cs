using System;
using System.Collections.Generic;
using System.Linq;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// The words of a query exactly as typed. The keyword index is stemmed, so "universe" also finds
    /// "university" and "running" finds "runs"; among the chunks it finds, those holding more of the
    /// words in the typed form rank first, and BM25 orders chunks that hold as many.
    /// </summary>
    internal sealed class ExactForms
    {
        private readonly IReadOnlyList<string> _words;

        public ExactForms(IReadOnlyList<string> words)
        {
            _words = words;
        }

        /// <summary>
        /// Orders <paramref name="hits"/> (in BM25 order) by how many of the words each holds exactly, keeping BM25
        /// order among equals. Scores stay falling down the list: a group that moved below chunks BM25 scored lower
        /// has its scores scaled, all by one factor, to end under the last score above it.
        /// </summary>
        public List<SearchHit> RankFirst(IReadOnlyList<SearchHit> hits)
        {
            var groups = hits
                .Select((hit, bm25Rank) => (Hit: hit, Rank: bm25Rank, Exact: CountIn(hit.Content)))
                .GroupBy(h => h.Exact)
                .OrderByDescending(g => g.Key)
                .Select(g => g.OrderBy(h => h.Rank).Select(h => h.Hit).ToList())
                .ToList();
            var ordered = new List<SearchHit>(hits.Count);
            foreach (var group in groups)
            {
                if (ordered.Count > 0)
                {
                    FallingScores.ScaleBelow(ordered[ordered.Count - 1].Score, group);
                }

                ordered.AddRange(group);
            }

            return ordered;
        }

        /// <summary>How many of the words <paramref name="content"/> holds as whole words in the typed form (case aside).</summary>
        private int CountIn(string content) => _words.Count(word => HoldsWord(content, word));

        private static bool HoldsWord(string content, string word)
        {
            for (var at = content.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = content.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                var end = at + word.Length;
                if ((at == 0 || !KeywordQuery.IsWordCharacter(content[at - 1])) && (end == content.Length || !KeywordQuery.IsWordCharacter(content[end])))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
