using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Retrieves the chunks that best answer a query, ranked by SQLite FTS5's BM25 over an English-stemmed
    /// index. Chunks holding every word (in any form: "runs" for "running") come first; when they are
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

        private const string Columns =
            @"c.id, c.file_id, c.chunk_index, c.content, c.page, f.name, f.bucket, f.key, f.tags, f.data_source_metadata, f.file_metadata";

        private readonly SqliteStore _store;
        private readonly int _rankingWindow;

        public ChunkSearch(SqliteStore store)
            : this(store, DefaultRankingWindow)
        {
        }

        /// <summary>For tests: a window small enough to cross with a handful of chunks.</summary>
        internal ChunkSearch(SqliteStore store, int rankingWindow)
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
            if (keywords.OnlyStopWords)
            {
                // "to be or not to be": nothing for BM25 to weigh (and counting where such words
                // occur reads most of the index), so the newest chunks holding them come first:
                // those holding all of them, then any.
                CollectNewest(keywords.AllWords, query, hits, seen);
                if (hits.Count < query.Top && keywords.TermCount > 1)
                {
                    CollectNewest(KeywordQuery.AnyOf(keywords.Terms), query, hits, seen);
                }

                return Numbered(hits);
            }

            var exact = new ExactForms(keywords.Words);
            Collect(keywords.AllWords, query, exact, hits, seen);
            if (hits.Count < query.Top && keywords.TermCount > 1)
            {
                var narrowing = keywords.Terms.Where(term => !IsBroad(term, query)).ToList();
                if (narrowing.Count > 0)
                {
                    KeepBelowEarlierHits(hits, () => Collect(KeywordQuery.AnyOf(narrowing), query, exact, hits, seen));
                }

                if (hits.Count < query.Top && narrowing.Count < keywords.TermCount)
                {
                    // It holds a broad word, so it is broad itself: no need to count.
                    KeepBelowEarlierHits(hits, () => Collect(KeywordQuery.AnyOf(keywords.Terms), query, exact, hits, seen, broad: true));
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
        /// more, as many as may already be seen.
        /// </summary>
        /// <param name="broad">Whether <paramref name="match"/> is known to be broad; counted when null.</param>
        private void Collect(string match, SearchQuery query, ExactForms exact, List<SearchHit> hits, HashSet<long> seen, bool? broad = null)
        {
            using var command = _store.Command(string.Empty);
            var (source, condition) = Matching(match, query, command);
            var reach = query.Top + Math.Max(query.Top, ExactFormReach);
            command.Parameters.AddWithValue("$limit", reach + seen.Count);
            string ranked;
            if (broad ?? IsBroad(match, query))
            {
                command.Parameters.AddWithValue("$window", _rankingWindow);
                ranked = $@"SELECT id, score FROM (
                                SELECT chunks_fts.rowid AS id, chunks_fts.rank AS score FROM {source} WHERE {condition}
                                ORDER BY chunks_fts.rowid DESC LIMIT $window)
                            ORDER BY score LIMIT $limit";
            }
            else
            {
                ranked = $"SELECT chunks_fts.rowid AS id, chunks_fts.rank AS score FROM {source} WHERE {condition} ORDER BY score LIMIT $limit";
            }

            var candidates = new List<SearchHit>();
            Read(command, ranked, reach, candidates, seen);
            hits.AddRange(exact.RankFirst(candidates).Take(query.Top - hits.Count));
        }

        /// <summary>Appends the newest chunks matching <paramref name="match"/> not already in <paramref name="seen"/>, unranked (score 0).</summary>
        private void CollectNewest(string match, SearchQuery query, List<SearchHit> hits, HashSet<long> seen)
        {
            using var command = _store.Command(string.Empty);
            var (source, condition) = Matching(match, query, command);
            command.Parameters.AddWithValue("$limit", query.Top);
            Read(command, $"SELECT chunks_fts.rowid AS id, 0.0 AS score FROM {source} WHERE {condition} ORDER BY chunks_fts.rowid DESC LIMIT $limit", query.Top, hits, seen);
        }

        /// <summary>Reads the chunks and files of the <paramref name="ranked"/> ids (columns id, score) in score order, until <paramref name="hits"/> holds <paramref name="top"/>.</summary>
        private static void Read(SqliteCommand command, string ranked, int top, List<SearchHit> hits, HashSet<long> seen)
        {
            command.CommandText = $@"SELECT {Columns}, ranked.score
                                     FROM ({ranked}) ranked
                                     JOIN chunks c ON c.id = ranked.id
                                     JOIN files f ON f.id = c.file_id
                                     ORDER BY ranked.score, ranked.id DESC;";
            using var reader = command.ExecuteReader();
            while (reader.Read() && hits.Count < top)
            {
                if (seen.Add(reader.GetInt64(0)))
                {
                    hits.Add(Read(reader));
                }
            }
        }

        /// <summary>Whether <paramref name="match"/> (within the query's filters) finds more chunks than one query ranks.</summary>
        private bool IsBroad(string match, SearchQuery query)
        {
            using var command = _store.Command(string.Empty);
            var (source, condition) = Matching(match, query, command);
            command.Parameters.AddWithValue("$cap", _rankingWindow + 1);
            command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {condition} LIMIT $cap);";
            return (long)command.ExecuteScalar()! > _rankingWindow;
        }

        /// <summary>The FROM and WHERE of the chunks matching <paramref name="match"/> and the query's filters; the chunks and files are joined only when a filter needs them.</summary>
        private static (string Source, string Condition) Matching(string match, SearchQuery query, SqliteCommand command)
        {
            command.Parameters.AddWithValue("$match", match);
            var filters = new ChunkFilter { Tags = query.Tags, FileIds = query.FileIds, DataSourceIds = query.DataSourceIds }.Sql(command);
            var source = filters.Length == 0
                ? "chunks_fts"
                : "chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN files f ON f.id = c.file_id";
            return (source, "chunks_fts MATCH $match" + filters);
        }

        private static SearchHit Read(SqliteDataReader reader)
        {
            var hit = SearchHitReader.FromRow(reader);

            // FTS5's rank is BM25 negated (smaller is better); users read a higher score as better.
            hit.Score = -reader.GetDouble(11);
            return hit;
        }
    }
}
