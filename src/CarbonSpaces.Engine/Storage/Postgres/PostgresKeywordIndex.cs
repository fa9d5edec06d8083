using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// Keyword search in the PostgreSQL store: the chunks' generated tsvector (English stemming without accents, as
    /// SQLite's porter over unicode61) through its GIN index, ranked by ts_rank_cd (cover density: chunks holding
    /// more of the words, closer together, rank higher). The top candidates are picked in one statement that reads
    /// the chunks and files it returns.
    /// </summary>
    internal sealed class PostgresKeywordIndex : IKeywordIndex
    {
        /// <summary>
        /// ts_rank_cd's normalization 1 divides by 1 + the logarithm of the chunk's length: a word in a short chunk
        /// weighs more than in a long one, as BM25 weighs it in the SQLite store.
        /// </summary>
        private const string Rank = "ts_rank_cd(c.keywords, {0}, 1)";

        private readonly PostgresStore _store;
        private readonly PostgresSearchHitReader _hits;

        public PostgresKeywordIndex(PostgresStore store)
        {
            _store = store;
            _hits = new PostgresSearchHitReader(store);
        }

        public IReadOnlyList<SearchHit> Best(KeywordMatch match, ChunkFilter filter, int count, ICollection<long> excluded, int? window = null)
        {
            using var command = _store.Command(string.Empty);
            var query = TsQuery(match, command);
            var filters = filter.Sql(command.Parameters);
            command.Parameters.AddWithValue("limit", count);
            command.Parameters.Add(new NpgsqlParameter("excluded", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = excluded.ToArray() });
            var rank = string.Format(System.Globalization.CultureInfo.InvariantCulture, Rank, query);
            if (window is int newest)
            {
                // The newest that-many matches are found by id alone; only they are ranked and read.
                command.Parameters.AddWithValue("window", newest);
                command.CommandText = $@"SELECT {SearchHitRows.Columns}, {rank} AS score
                                         FROM (SELECT c.id FROM {Source(filters)}
                                               WHERE c.keywords @@ {query}{filters}
                                               ORDER BY c.id DESC LIMIT @window) newest
                                         JOIN chunks c ON c.id = newest.id
                                         JOIN files f ON f.id = c.file_id
                                         WHERE NOT (c.id = ANY(@excluded))
                                         ORDER BY score DESC, c.id DESC LIMIT @limit;";
            }
            else
            {
                command.CommandText = $@"SELECT {SearchHitRows.Columns}, {rank} AS score
                                         FROM chunks c JOIN files f ON f.id = c.file_id
                                         WHERE c.keywords @@ {query}{filters} AND NOT (c.id = ANY(@excluded))
                                         ORDER BY score DESC, c.id DESC LIMIT @limit;";
            }

            return Read(command);
        }

        public IReadOnlyList<SearchHit> Newest(KeywordMatch match, ChunkFilter filter, int count, ICollection<long> excluded)
        {
            using var command = _store.Command(string.Empty);
            var query = TsQuery(match, command);
            var filters = filter.Sql(command.Parameters);
            var text = TextMatch(match, command);
            command.Parameters.AddWithValue("limit", count);
            command.Parameters.Add(new NpgsqlParameter("excluded", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = excluded.ToArray() });

            // Stop words ("to be or not to be") are left out of PostgreSQL's English index, where SQLite's holds them:
            // a match of stop words only (its tsquery is empty) reads the words in the newest chunks' text instead,
            // where such common words are found after a few rows. The branch not taken costs nothing: its condition
            // on the query alone is checked once, before any row is read.
            command.CommandText = $@"SELECT {SearchHitRows.Columns}, 0.0::float8 AS score FROM (
                                         (SELECT c.id FROM {Source(filters)}
                                          WHERE c.keywords @@ {query}{filters} AND NOT (c.id = ANY(@excluded))
                                          ORDER BY c.id DESC LIMIT @limit)
                                         UNION ALL
                                         (SELECT c.id FROM {Source(filters)}
                                          WHERE numnode({query}) = 0 AND {text}{filters} AND NOT (c.id = ANY(@excluded))
                                          ORDER BY c.id DESC LIMIT @limit)) newest
                                     JOIN chunks c ON c.id = newest.id
                                     JOIN files f ON f.id = c.file_id
                                     ORDER BY c.id DESC;";
            return Read(command);
        }

        public bool MatchesMoreThan(KeywordMatch match, ChunkFilter filter, int count)
        {
            using var command = _store.Command(string.Empty);
            var query = TsQuery(match, command);
            var filters = filter.Sql(command.Parameters);
            command.Parameters.AddWithValue("cap", count + 1);
            command.CommandText = $"SELECT count(*) FROM (SELECT 1 FROM {Source(filters)} WHERE c.keywords @@ {query}{filters} LIMIT @cap) capped;";
            return (long)command.ExecuteScalar()! > count;
        }

        public IReadOnlyDictionary<long, SearchHit> Read(IEnumerable<long> chunkIds) => _hits.Read(chunkIds);

        /// <summary>The hits of the command's rows (the hit columns, then the score), in their order.</summary>
        private static List<SearchHit> Read(NpgsqlCommand command)
        {
            var hits = new List<SearchHit>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var hit = SearchHitRows.Read(reader);
                hit.Score = reader.GetDouble(11);
                hits.Add(hit);
            }

            return hits;
        }

        /// <summary>The chunks to match, joined to their files only when a filter needs them.</summary>
        private static string Source(string filters) => filters.Length == 0 ? "chunks c" : "chunks c JOIN files f ON f.id = c.file_id";

        /// <summary>
        /// The match as a tsquery that cannot be a syntax error: every word goes through plainto_tsquery as a
        /// parameter, so quotes, &amp;, |, ! and : are searched as text; the words' queries are joined with &amp;&amp;
        /// (every word) or || (any word, ts_rank_cd still ranking the chunks holding more of them first).
        /// </summary>
        private static string TsQuery(KeywordMatch match, NpgsqlCommand command)
        {
            if (match.Words.Count == 0)
            {
                return "''::tsquery";
            }

            var words = new List<string>();
            for (var i = 0; i < match.Words.Count; i++)
            {
                command.Parameters.AddWithValue("word" + i, match.Words[i]);
                words.Add($"plainto_tsquery('carbon_english', @word{i})");
            }

            return "(" + string.Join(match.EveryWord ? " && " : " || ", words) + ")";
        }

        /// <summary>The words found in the chunk's text as whole words, without regard to case: every one, or any.</summary>
        private static string TextMatch(KeywordMatch match, NpgsqlCommand command)
        {
            if (match.Words.Count == 0)
            {
                return "false";
            }

            var words = new List<string>();
            for (var i = 0; i < match.Words.Count; i++)
            {
                command.Parameters.AddWithValue("text" + i, @"\m" + Regex.Escape(match.Words[i]) + @"\M");
                words.Add($"c.content ~* @text{i}");
            }

            return "(" + string.Join(match.EveryWord ? " AND " : " OR ", words) + ")";
        }
    }
}
