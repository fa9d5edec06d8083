using System;
using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Items read from rows of the items table (<c>i</c>) with their data source (<c>d</c>), on any backend.</summary>
    internal static class ItemRows
    {
        /// <summary>The columns <see cref="ReadAll"/> reads, in its order: the item's, its data source's metadata, and its file's id.</summary>
        public const string Columns =
            @"i.id, i.data_source_id, i.kind, i.bucket, i.key, i.name, i.parent_id, i.size, i.etag, i.last_modified, i.file_format,
              d.data_source_metadata,
              (SELECT f.id FROM files f WHERE f.data_source_id = i.data_source_id AND f.bucket = i.bucket AND f.key = i.key) AS file_id";

        /// <summary>The items of the command's rows, which hold the <see cref="Columns"/>.</summary>
        public static List<Item> ReadAll(DbCommand command)
        {
            var items = new List<Item>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(Read(reader));
            }

            return items;
        }

        /// <summary>The bucket items of the command's rows (id, bucket, last_modified), by bucket name.</summary>
        public static Dictionary<string, (long Id, long? Created)> BucketsByName(DbCommand command)
        {
            var known = new Dictionary<string, (long Id, long? Created)>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                known[reader.GetString(1)] = (reader.GetInt64(0), reader.IsDBNull(2) ? (long?)null : reader.GetInt64(2));
            }

            return known;
        }

        private static Item Read(DbDataReader reader)
        {
            var kind = (ItemKind)reader.GetInt32(2);
            var provider = SourceLabels.ProviderOf(reader.GetString(11));
            return new Item
            {
                Id = reader.GetInt64(0),
                DataSourceId = reader.GetInt64(1),
                Kind = kind,
                Bucket = reader.GetString(3),
                Key = reader.GetString(4),
                Name = reader.GetString(5),
                ParentId = reader.IsDBNull(6) ? (long?)null : reader.GetInt64(6),
                Size = reader.IsDBNull(7) ? (long?)null : reader.GetInt64(7),
                ETag = reader.IsDBNull(8) ? null : reader.GetString(8),
                LastModified = reader.IsDBNull(9) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(9)),
                FileFormat = reader.GetString(10),
                DataSourceMetadata = SourceLabels.DataSourceMetadata(provider),
                FileMetadata = kind == ItemKind.Bucket ? SourceLabels.BucketMetadata(provider) : SourceLabels.FileMetadata(provider),
                FileId = reader.IsDBNull(12) ? (long?)null : reader.GetInt64(12),
            };
        }
    }
}
