using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Search;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Search hits read from rows of chunks (<c>c</c>) joined to their files (<c>f</c>), on any backend.</summary>
    internal static class SearchHitRows
    {
        /// <summary>The columns <see cref="Read"/> reads, in its order; a query may add its own after them (a score).</summary>
        public const string Columns =
            "c.id, c.file_id, c.chunk_index, c.content, c.page, f.name, f.bucket, f.key, f.tags, f.data_source_metadata, f.file_metadata";

        /// <summary>The hits of the command's rows, which hold the <see cref="Columns"/>, by chunk id.</summary>
        public static Dictionary<long, SearchHit> ByChunkId(DbCommand command)
        {
            var hits = new Dictionary<long, SearchHit>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                hits[reader.GetInt64(0)] = Read(reader);
            }

            return hits;
        }

        /// <summary>A hit from a row that starts with the <see cref="Columns"/>.</summary>
        public static SearchHit Read(DbDataReader reader) => new SearchHit
        {
            ChunkId = reader.GetInt64(0),
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
        };
    }
}
