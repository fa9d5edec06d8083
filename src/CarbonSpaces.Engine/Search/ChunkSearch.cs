using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Search
{
    /// <summary>Retrieves the chunks that best answer a query, ranked by SQLite FTS5's BM25.</summary>
    public sealed class ChunkSearch
    {
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

            var match = KeywordQuery.ToFts(query.Text);
            var hits = new List<SearchHit>();
            if (match == null)
            {
                return hits;
            }

            using var command = _store.Command(string.Empty);
            var sql = @"SELECT c.file_id, c.chunk_index, c.content, c.page, bm25(chunks_fts) AS score,
                               f.name, f.bucket, f.key, f.tags, f.data_source_metadata, f.file_metadata
                        FROM chunks_fts
                        JOIN chunks c ON c.id = chunks_fts.rowid
                        JOIN files f ON f.id = c.file_id
                        WHERE chunks_fts MATCH $match";
            command.Parameters.AddWithValue("$match", match);
            sql += SqlFilters.InList("c.file_id", "$file", query.FileIds, command);
            sql += SqlFilters.InList("f.data_source_id", "$ds", query.DataSourceIds, command);
            sql += SqlFilters.Tags("f.tags", "$tag", query.Tags, command);
            sql += " ORDER BY score LIMIT $top;";
            command.Parameters.AddWithValue("$top", query.Top);
            command.CommandText = sql;

            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                hits.Add(new SearchHit
                {
                    Rank = hits.Count + 1,
                    FileId = reader.GetInt64(0),
                    ChunkIndex = reader.GetInt32(1),
                    Content = reader.GetString(2),
                    Page = reader.IsDBNull(3) ? (int?)null : reader.GetInt32(3),
                    Score = -reader.GetDouble(4),
                    Name = reader.GetString(5),
                    Bucket = reader.GetString(6),
                    Key = reader.GetString(7),
                    Tags = Tags.FromJson(reader.GetString(8)),
                    DataSourceMetadata = reader.GetString(9),
                    FileMetadata = reader.GetString(10),
                });
            }

            return hits;
        }
    }
}
