using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Benchmarks.Reference
{
    /// <summary>
    /// Other ways to run the same keyword search on the same store, timed beside the engine's to
    /// show what bounds P5 and what a change would gain. Each returns the same columns as
    /// ChunkSearch (content and file fields of the top rows).
    /// </summary>
    internal sealed class SearchVariants : IDisposable
    {
        private const string Columns = "c.file_id, c.chunk_index, c.content, c.page, r.score, f.name, f.bucket, f.key, f.tags, f.data_source_metadata, f.file_metadata";
        private readonly SqliteConnection _connection;

        public SearchVariants(string storePath)
        {
            SQLitePCL.Batteries_V2.Init();
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = storePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            _connection.Open();
        }

        /// <summary>The variants shown in the report (name, what differs from the engine's query).</summary>
        public static readonly (string Name, string Description)[] Shown =
        {
            ("fts-topk", "same OR query, but ranked on chunks_fts alone (ORDER BY bm25 LIMIT in a subquery) and joined to chunks/files for the top rows only"),
            ("and-first", "as fts-topk, but all words required (FTS5 implicit AND), falling back to OR only when that finds fewer than -Top chunks"),
            ("and-first-stop", "as and-first, but English stop words are left out of the OR fallback when the query has other words"),
        };

        /// <summary>A common English stop-word list (the kind search engines leave out of OR queries).</summary>
        private static readonly HashSet<string> StopWords = new HashSet<string>(
            ("a about above after again against all am an and any are as at be because been before being below between both but by could did do does doing down " +
             "during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my " +
             "myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them " +
             "themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with would " +
             "you your yours yourself yourselves").Split(' '),
            StringComparer.OrdinalIgnoreCase);

        /// <summary>Every variant by name (the shown ones, and "matches": the OR query's count(*), how many rows BM25 has to score).</summary>
        public IReadOnlyList<(string Name, Func<string, int, int> Run)> All => new (string, Func<string, int, int>)[]
        {
            ("fts-topk", (text, top) => TopThenJoin(Or(text), top)),
            ("and-first", (text, top) =>
            {
                var found = TopThenJoin(And(text), top);
                return found >= top ? found : TopThenJoin(Or(text), top);
            }),
            ("and-first-stop", (text, top) =>
            {
                var found = TopThenJoin(And(text), top);
                return found >= top ? found : TopThenJoin(OrWithoutStopWords(text), top);
            }),
            ("matches", (text, _) => Count(Or(text))),
        };

        public void Dispose() => _connection.Dispose();

        /// <summary>Words as the engine's KeywordQuery cuts them (runs of letters and digits), quoted for FTS5.</summary>
        private static List<string> Terms(string text)
        {
            var terms = new List<string>();
            var word = new StringBuilder();
            foreach (var c in text + " ")
            {
                if (char.IsLetterOrDigit(c))
                {
                    word.Append(c);
                }
                else if (word.Length > 0)
                {
                    terms.Add("\"" + word + "\"");
                    word.Clear();
                }
            }

            return terms.Distinct().ToList();
        }

        private static string Or(string text) => string.Join(" OR ", Terms(text));

        private static string OrWithoutStopWords(string text)
        {
            var terms = Terms(text);
            var kept = terms.Where(t => !StopWords.Contains(t.Trim('"'))).ToList();
            return string.Join(" OR ", kept.Count > 0 ? kept : terms);
        }

        private static string And(string text) => string.Join(" ", Terms(text));

        private int TopThenJoin(string match, int top)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = $@"SELECT {Columns}
                FROM (SELECT rowid AS id, bm25(chunks_fts) AS score FROM chunks_fts WHERE chunks_fts MATCH $match ORDER BY score LIMIT $top) r
                JOIN chunks c ON c.id = r.id
                JOIN files f ON f.id = c.file_id
                ORDER BY r.score;";
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$top", top);
            return Drain(command);
        }

        private int Count(string match)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH $match;";
            command.Parameters.AddWithValue("$match", match);
            return (int)(long)command.ExecuteScalar()!;
        }

        private static int Drain(SqliteCommand command)
        {
            var rows = 0;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _ = reader.GetString(2);
                rows++;
            }

            return rows;
        }
    }
}
