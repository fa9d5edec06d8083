using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>
    /// Keyword search in the SQLite store: FTS5's chunks_fts, an English-stemmed index of the chunks' content, ranked by
    /// BM25. The top candidates are picked inside the index before any chunk or file is read.
    /// </summary>
    internal sealed class SqliteKeywordIndex : IKeywordIndex
    {
        private readonly SqliteStore _store;
        private readonly SearchHitReader _hits;

        public SqliteKeywordIndex(SqliteStore store)
        {
            _store = store;
            _hits = new SearchHitReader(store);
        }

        public IReadOnlyList<SearchHit> Best(KeywordMatch match, ChunkFilter filter, int count, ICollection<long> excluded, int? window = null)
        {
            using var command = _store.Command(string.Empty);
            var (source, condition) = Matching(match, filter, command);
            command.Parameters.AddWithValue("$limit", count + excluded.Count);
            string ranked;
            if (window is int newest)
            {
                command.Parameters.AddWithValue("$window", newest);
                ranked = $@"SELECT id, score FROM (
                                SELECT chunks_fts.rowid AS id, chunks_fts.rank AS score FROM {source} WHERE {condition}
                                ORDER BY chunks_fts.rowid DESC LIMIT $window)
                            ORDER BY score LIMIT $limit";
            }
            else
            {
                ranked = $"SELECT chunks_fts.rowid AS id, chunks_fts.rank AS score FROM {source} WHERE {condition} ORDER BY score LIMIT $limit";
            }

            return Read(command, ranked, count, excluded);
        }

        public IReadOnlyList<SearchHit> Newest(KeywordMatch match, ChunkFilter filter, int count, ICollection<long> excluded)
        {
            using var command = _store.Command(string.Empty);
            var (source, condition) = Matching(match, filter, command);
            command.Parameters.AddWithValue("$limit", count + excluded.Count);
            return Read(command, $"SELECT chunks_fts.rowid AS id, 0.0 AS score FROM {source} WHERE {condition} ORDER BY chunks_fts.rowid DESC LIMIT $limit", count, excluded);
        }

        public bool MatchesMoreThan(KeywordMatch match, ChunkFilter filter, int count)
        {
            using var command = _store.Command(string.Empty);
            var (source, condition) = Matching(match, filter, command);
            command.Parameters.AddWithValue("$cap", count + 1);
            command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM {source} WHERE {condition} LIMIT $cap);";
            return (long)command.ExecuteScalar()! > count;
        }

        public IReadOnlyDictionary<long, SearchHit> Read(IEnumerable<long> chunkIds) => _hits.Read(chunkIds);

        /// <summary>Reads the chunks and files of the <paramref name="ranked"/> ids (columns id, score) in score order, up to <paramref name="count"/> not <paramref name="excluded"/>.</summary>
        private static List<SearchHit> Read(SqliteCommand command, string ranked, int count, ICollection<long> excluded)
        {
            command.CommandText = $@"SELECT {SearchHitRows.Columns}, ranked.score
                                     FROM ({ranked}) ranked
                                     JOIN chunks c ON c.id = ranked.id
                                     JOIN files f ON f.id = c.file_id
                                     ORDER BY ranked.score, ranked.id DESC;";
            var hits = new List<SearchHit>();
            using var reader = command.ExecuteReader();
            while (reader.Read() && hits.Count < count)
            {
                if (!excluded.Contains(reader.GetInt64(0)))
                {
                    var hit = SearchHitRows.Read(reader);

                    // FTS5's rank is BM25 negated (smaller is better); users read a higher score as better.
                    hit.Score = -reader.GetDouble(11);
                    hits.Add(hit);
                }
            }

            return hits;
        }

        /// <summary>The FROM and WHERE of the chunks matching <paramref name="match"/> and the filter; the chunks and files are joined only when a filter needs them.</summary>
        private static (string Source, string Condition) Matching(KeywordMatch match, ChunkFilter filter, SqliteCommand command)
        {
            command.Parameters.AddWithValue("$match", Fts5Query(match));
            var filters = filter.Sql(command);
            var source = filters.Length == 0
                ? "chunks_fts"
                : "chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid JOIN files f ON f.id = c.file_id";
            return (source, "chunks_fts MATCH $match" + filters);
        }

        /// <summary>
        /// The match as an FTS5 query that cannot be a syntax error: every word is quoted, so quotes, *, -, NEAR and
        /// AND are searched as text. Any of the words: BM25 still ranks the chunks holding more of them first.
        /// </summary>
        private static string Fts5Query(KeywordMatch match) =>
            string.Join(match.EveryWord ? " AND " : " OR ", match.Words.Select(w => "\"" + w.Replace("\"", "\"\"") + "\""));
    }
}
