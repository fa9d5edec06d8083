using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>Reads items with every filter, order and page done in SQL, so browsing a million items stays instant.</summary>
    public sealed class ItemRepository
    {
        private readonly SqliteStore _store;

        public ItemRepository(SqliteStore store)
        {
            _store = store;
        }

        public static CarbonSpacesException NotFound(long id) =>
            new CarbonSpacesException(
                "CarbonSpaces.ItemNotFound",
                FailureKind.NotFound,
                $"There is no item with id {id} in this store (items sync may have removed it). List items with Get-CarbonItem, or load them with Sync-CarbonItem.",
                id);

        public IReadOnlyList<Item> Query(ItemQuery query)
        {
            using var command = _store.Command(string.Empty);
            var sql = @"SELECT i.id, i.data_source_id, i.kind, i.bucket, i.key, i.name, i.parent_id, i.size, i.etag, i.last_modified,
                               i.file_format, d.data_source_metadata,
                               (SELECT f.id FROM files f WHERE f.data_source_id = i.data_source_id AND f.bucket = i.bucket AND f.key = i.key) AS file_id
                        FROM items i JOIN data_sources d ON d.id = i.data_source_id
                        WHERE 1 = 1" + Filter(query, command);
            var direction = query.Descending ? "DESC" : "ASC";
            sql += query.OrderBy switch
            {
                ItemOrder.Id => $" ORDER BY i.id {direction}",
                ItemOrder.LastModified => $" ORDER BY i.last_modified {direction}, i.id {direction}",
                ItemOrder.Size => $" ORDER BY i.size {direction}, i.id {direction}",
                ItemOrder.Key => $" ORDER BY i.bucket {direction}, i.key {direction}",
                _ => $" ORDER BY i.name COLLATE NOCASE {direction}, i.id {direction}",
            };
            sql += " LIMIT $limit OFFSET $offset";
            command.Parameters.AddWithValue("$limit", query.First ?? -1);
            command.Parameters.AddWithValue("$offset", query.Skip);
            command.CommandText = sql;

            var items = new List<Item>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                items.Add(Read(reader));
            }

            return items;
        }

        /// <summary>How many items match the filters, ignoring paging.</summary>
        public long Count(ItemQuery query)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = "SELECT count(*) FROM items i WHERE 1 = 1" + Filter(query, command);
            return (long)command.ExecuteScalar()!;
        }

        private static string Filter(ItemQuery query, SqliteCommand command)
        {
            var sql = SqlFilters.InList("i.id", "$id", query.Ids, command);
            sql += SqlFilters.InList("i.data_source_id", "$ds", query.DataSourceIds, command);
            sql += SqlFilters.InList("i.bucket", "$bucket", query.Buckets, command);
            sql += SqlFilters.InList("i.parent_id", "$parent", query.ParentIds, command);
            sql += SqlFilters.Prefix("i.key", "$prefix", query.Prefix, command);
            sql += SqlFilters.Wildcards("i.name", "$name", query.Names, command);
            if (query.Kind.HasValue)
            {
                // A literal, not a parameter: only then may SQLite use items_buckets, the index of bucket items alone.
                sql += $" AND i.kind = {(int)query.Kind.Value}";
            }

            if (query.FileFormats != null && query.FileFormats.Count > 0)
            {
                var formats = new List<string>();
                foreach (var format in query.FileFormats)
                {
                    // The same normalisation as when items are stored: htm is HTML, jpeg is JPG …
                    formats.Add(Ingest.Extraction.FormatDetector.FormatOf("item." + format.TrimStart('.')));
                }

                sql += SqlFilters.InList("i.file_format", "$format", formats, command);
            }

            return sql;
        }

        private static Item Read(SqliteDataReader reader)
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
