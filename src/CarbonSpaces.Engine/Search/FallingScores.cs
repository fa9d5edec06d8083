using System.Collections.Generic;
using System.Linq;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Keeps keyword scores falling down a list whose order is not BM25's alone (all-word matches before any-word
    /// ones, exact forms before stemmed ones): a table whose scores rise further down reads as a wrong order.
    /// </summary>
    internal static class FallingScores
    {
        /// <summary>Scales <paramref name="hits"/>' scores to end under <paramref name="floor"/>, all by the same factor, when any is not already under it.</summary>
        public static void ScaleBelow(double floor, IReadOnlyList<SearchHit> hits)
        {
            var best = hits.Count == 0 ? 0 : hits.Max(hit => hit.Score);
            if (best < floor || best <= 0)
            {
                return;
            }

            var factor = floor / best * 0.999;
            foreach (var hit in hits)
            {
                hit.Score *= factor;
            }
        }
    }
}
