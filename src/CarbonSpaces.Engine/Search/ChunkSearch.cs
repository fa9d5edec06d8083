using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Retrieves the chunks that best answer a query, ranked by the store's keyword index (BM25 over an
    /// English-stemmed index). Chunks holding every word (in any form: "runs" for "running") come first; when they are
    /// fewer than asked for, chunks holding any of the words follow. Within each, chunks holding more
    /// of the words exactly as typed rank first (<see cref="ExactForms"/>). The top candidates are
    /// picked inside the index before anything else is read.
    /// </summary>
    /// <remarks>
    /// BM25 scores every candidate chunk (about 2 µs each), so a query whose words are in most of a
    /// large store would take seconds. A query that can match more than <see cref="DefaultRankingWindow"/>
    /// chunks is therefore ranked among its newest that-many matches, and the any-word fallback
    /// asks first for the words found in fewer chunks (the broad ones narrow nothing) and lets the
    /// broad ones fill only what is left. Counting matches up to the window reads only row ids.
    /// A query made only of stop words returns the newest chunks holding them, unranked.
    /// </remarks>
    public sealed class ChunkSearch
    {
        /// <summary>The most candidate chunks one query ranks: 15-20 ms of BM25 on one core.</summary>
        internal const int DefaultRankingWindow = 10_000;

        /// <summary>
        /// How many chunks past -Top (at the least) BM25 hands to <see cref="ExactForms"/>: a chunk holding the words
        /// as typed is lifted from that far down. Reading them costs a row each, not another BM25 pass.
        /// </summary>
        private const int ExactFormReach = 30;

        private readonly IStore _store;
        private readonly int _rankingWindow;

        public ChunkSearch(IStore store)
            : this(store, DefaultRankingWindow)
        {
        }

        /// <summary>For tests: a window small enough to cross with a handful of chunks.</summary>
        internal ChunkSearch(IStore store, int rankingWindow)
        {
            _store = store;
            _rankingWindow = rankingWindow;
        }

        /// <summary>The keyword ranking alone, whatever <see cref="SearchQuery.Mode"/> says (<see cref="ChunkRetriever"/> chooses the mode).</summary>
        public IReadOnlyList<SearchHit> Search(SearchQuery query)
        {
            if (query.Top < 1)
            {
                throw new CarbonSpacesException("CarbonSpaces.InvalidTop", FailureKind.InvalidArgument, $"-Top must be at least 1; {query.Top} was given.", query.Top);
            }

            var keywords = KeywordQuery.Parse(query.Text);
            var hits = new List<SearchHit>();
            if (keywords == null)
            {
                return hits;
            }

            var seen = new HashSet<long>();
            var filter = new ChunkFilter { Tags = query.Tags, FileIds = query.FileIds, DataSourceIds = query.DataSourceIds };
            if (keywords.OnlyStopWords)
            {
                // "to be or not to be": nothing for BM25 to weigh (and counting where such words
                // occur reads most of the index), so the newest chunks holding them come first:
                // those holding all of them, then any.
                CollectNewest(KeywordMatch.AllOf(keywords.Words), query, filter, hits, seen);
                if (hits.Count < query.Top && keywords.Words.Count > 1)
                {
                    CollectNewest(KeywordMatch.AnyOf(keywords.Words), query, filter, hits, seen);
                }

                return Numbered(hits);
            }

            var exact = new ExactForms(keywords.Words);
            Collect(KeywordMatch.AllOf(keywords.Words), query, filter, exact, hits, seen);
            if (hits.Count < query.Top && keywords.Words.Count > 1)
            {
                var narrowing = keywords.Words.Where(word => !IsBroad(KeywordMatch.AllOf(new[] { word }), filter)).ToList();
                if (narrowing.Count > 0)
                {
                    KeepBelowEarlierHits(hits, () => Collect(KeywordMatch.AnyOf(narrowing), query, filter, exact, hits, seen));
                }

                if (hits.Count < query.Top && narrowing.Count < keywords.Words.Count)
                {
                    // It holds a broad word, so it is broad itself: no need to count.
                    KeepBelowEarlierHits(hits, () => Collect(KeywordMatch.AnyOf(keywords.Words), query, filter, exact, hits, seen, broad: true));
                }
            }

            return Numbered(hits);
        }

        /// <summary>
        /// Runs a looser match whose hits rank below every hit already found, though their BM25 can be higher (one
        /// rare word in a short chunk outweighs all the words in a long one): see <see cref="FallingScores"/>.
        /// </summary>
        private static void KeepBelowEarlierHits(List<SearchHit> hits, Action collect)
        {
            var first = hits.Count;
            collect();
            if (first > 0)
            {
                FallingScores.ScaleBelow(hits[first - 1].Score, hits.GetRange(first, hits.Count - first));
            }
        }

        private static List<SearchHit> Numbered(List<SearchHit> hits)
        {
            for (var i = 0; i < hits.Count; i++)
            {
                hits[i].Rank = i + 1;
            }

            return hits;
        }

        /// <summary>
        /// Appends the best chunks for <paramref name="match"/> not already in <paramref name="seen"/>, up to -Top in all,
        /// those holding more of the words as typed first. It reads BM25's best -Top and <see cref="ExactFormReach"/>
        /// more not yet seen, and all it reads are seen from then on.
        /// </summary>
        /// <param name="broad">Whether <paramref name="match"/> is known to be broad; counted when null.</param>
        private void Collect(KeywordMatch match, SearchQuery query, ChunkFilter filter, ExactForms exact, List<SearchHit> hits, HashSet<long> seen, bool? broad = null)
        {
            var reach = query.Top + Math.Max(query.Top, ExactFormReach);
            var window = (broad ?? IsBroad(match, filter)) ? _rankingWindow : (int?)null;
            var candidates = _store.Keywords.Best(match, filter, reach, seen, window);
            seen.UnionWith(candidates.Select(c => c.ChunkId));
            hits.AddRange(exact.RankFirst(candidates).Take(query.Top - hits.Count));
        }

        /// <summary>Appends the newest chunks matching <paramref name="match"/> not already in <paramref name="seen"/>, unranked (score 0), up to -Top in all.</summary>
        private void CollectNewest(KeywordMatch match, SearchQuery query, ChunkFilter filter, List<SearchHit> hits, HashSet<long> seen)
        {
            var newest = _store.Keywords.Newest(match, filter, query.Top - hits.Count, seen);
            seen.UnionWith(newest.Select(c => c.ChunkId));
            hits.AddRange(newest);
        }

        /// <summary>Whether <paramref name="match"/> (within the query's filters) finds more chunks than one query ranks.</summary>
        private bool IsBroad(KeywordMatch match, ChunkFilter filter) => _store.Keywords.MatchesMoreThan(match, filter, _rankingWindow);
    }
}
