using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>
    /// Retrieves the chunks that best answer a query, ranked by SQLite FTS5's BM25. Chunks holding
    /// every word come first; when they are fewer than asked for, chunks holding any of the words
    /// follow. Without filters the top chunks are picked inside the index before anything is
    /// joined, so ranking a word that matches a large part of the store stays cheap.
    /// </summary>
    public sealed class ChunkSearch
    {
        private const string Columns =
            @"c.id, c.file_id, c.chunk_index, c.content, c.page, f.name, f.bucket, f.key, f.tags, f.data_source_metadata, f.file_metadata";

        private readonly Store _store;

        public ChunkSearch(Store store)
        {
            _store = store;
        }

        public IReadOnlyList<SearchHit> Search(SearchQuery query)
        {
            if (query.Mode != SearchMode.Keyword)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.NoEmbeddings",
                    FailureKind.NotSupported,
                    $"-Mode {query.Mode} needs chunk embeddings, and this version of CarbonSpaces does not generate them yet. Use -Mode Keyword.",
                    query.Mode);
            }

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
            Collect(keywords.AllWords, query, query.Top, hits, seen);
            if (hits.Count < query.Top && keywords.TermCount > 1)
            {
                Collect(keywords.AnyWord, query, query.Top - hits.Count + seen.Count, hits, seen);
            }

            for (var i = 0; i < hits.Count; i++)
            {
                hits[i].Rank = i + 1;
            }

            return hits;
        }

        /// <summary>Appends the best <paramref name="limit"/> chunks for <paramref name="match"/> not already in <paramref name="seen"/>.</summary>
        private void Collect(string match, SearchQuery query, int limit, List<SearchHit> hits, HashSet<long> seen)
        {
            using var command = _store.Command(string.Empty);
            command.Parameters.AddWithValue("$match", match);
            command.Parameters.AddWithValue("$limit", limit);
            var filters = SqlFilters.InList("c.file_id", "$file", query.FileIds, command)
                + SqlFilters.InList("f.data_source_id", "$ds", query.DataSourceIds, command)
                + SqlFilters.Tags("f.tags", "$tag", query.Tags, command);

            command.CommandText = filters.Length == 0
                ? $@"SELECT {Columns}, ranked.score
                     FROM (SELECT rowid, rank AS score FROM chunks_fts WHERE chunks_fts MATCH $match ORDER BY rank LIMIT $limit) ranked
                     JOIN chunks c ON c.id = ranked.rowid
                     JOIN files f ON f.id = c.file_id
                     ORDER BY ranked.score;"
                : $@"SELECT {Columns}, chunks_fts.rank AS score
                     FROM chunks_fts
                     JOIN chunks c ON c.id = chunks_fts.rowid
                     JOIN files f ON f.id = c.file_id
                     WHERE chunks_fts MATCH $match{filters}
                     ORDER BY score LIMIT $limit;";

            using var reader = command.ExecuteReader();
            while (reader.Read() && hits.Count < query.Top)
            {
                if (seen.Add(reader.GetInt64(0)))
                {
                    hits.Add(Read(reader));
                }
            }
        }

        private static SearchHit Read(SqliteDataReader reader) => new SearchHit
        {
            FileId = reader.GetInt64(1),
            ChunkIndex = reader.GetInt32(2),
            Content = reader.GetString(3),
            Page = reader.IsDBNull(4) ? (int?)null : reader.GetInt32(4),
            Name = reader.GetString(5),
            Bucket = reader.GetString(6),
            Key = reader.GetString(7),
            Tags = Tags.FromJson(reader.GetString(8)),
            DataSourceMetadata = reader.GetString(9),
            FileMetadata = reader.GetString(10),

            // FTS5's rank is BM25 negated (smaller is better); users read a higher score as better.
            Score = -reader.GetDouble(11),
        };
    }
}
