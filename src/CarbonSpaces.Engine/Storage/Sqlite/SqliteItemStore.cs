using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>Items in SQLite, with every filter, order and page done in SQL, so browsing a million items stays instant.</summary>
    internal sealed class SqliteItemStore : IItemStore
    {
        // Every sync reads its data source's buckets first. "kind = 0" is a literal so that SQLite
        // finds them through items_buckets, which holds bucket items alone, whatever the object count.
        internal const string KnownBucketsSql = "SELECT bucket FROM items WHERE data_source_id = $ds AND kind = 0 ORDER BY bucket;";
        internal const string BucketItemsSql = "SELECT id, bucket, last_modified FROM items WHERE data_source_id = $ds AND kind = 0;";

        // key > '' leaves out the bucket's own item: both queries read the (data_source_id, bucket, key) index alone.
        private const string ObjectScope = " FROM items WHERE data_source_id = $ds AND bucket = $bucket AND key > ''";

        private readonly SqliteStore _store;

        public SqliteItemStore(SqliteStore store)
        {
            _store = store;
        }

        public IReadOnlyList<Item> Query(ItemQuery query)
        {
            using var command = _store.Command(string.Empty);
            var sql = "SELECT " + ItemRows.Columns + @"
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

            return ItemRows.ReadAll(command);
        }

        public long Count(ItemQuery query)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = "SELECT count(*) FROM items i WHERE 1 = 1" + Filter(query, command);
            return (long)command.ExecuteScalar()!;
        }

        public IReadOnlyList<string> BucketNames(long dataSourceId)
        {
            using var command = _store.Command(KnownBucketsSql);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            return FirstColumn.Strings(command);
        }

        public IReadOnlyDictionary<string, (long Id, long? Created)> BucketItems(long dataSourceId, IUnitOfWork? work = null)
        {
            using var select = _store.Command(BucketItemsSql, work);
            select.Parameters.AddWithValue("$ds", dataSourceId);
            return ItemRows.BucketsByName(select);
        }

        public long AddBucket(IUnitOfWork work, long dataSourceId, string bucket, long? createdSeconds)
        {
            using var insert = _store.Command(
                @"INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format)
                  VALUES ($ds, 0, $bucket, '', $bucket, NULL, NULL, NULL, $modified, '');
                  SELECT last_insert_rowid();",
                work);
            insert.Parameters.AddWithValue("$ds", dataSourceId);
            insert.Parameters.AddWithValue("$bucket", bucket);
            insert.Parameters.AddWithValue("$modified", (object?)createdSeconds ?? DBNull.Value);
            return (long)insert.ExecuteScalar()!;
        }

        public void SetBucketCreated(IUnitOfWork work, long bucketItemId, long createdSeconds)
        {
            using var update = _store.Command("UPDATE items SET last_modified = $modified WHERE id = $id;", work);
            update.Parameters.AddWithValue("$modified", createdSeconds);
            update.Parameters.AddWithValue("$id", bucketItemId);
            update.ExecuteNonQuery();
        }

        public long RemoveBucket(IUnitOfWork work, long bucketItemId)
        {
            using var delete = _store.Command("SELECT count(*) FROM items WHERE parent_id = $id; DELETE FROM items WHERE id = $id;", work);
            delete.Parameters.AddWithValue("$id", bucketItemId);
            return 1 + (long)delete.ExecuteScalar()!;
        }

        public long CountObjects(long dataSourceId, string bucket)
        {
            using var count = _store.Command("SELECT count(*)" + ObjectScope + ";");
            count.Parameters.AddWithValue("$ds", dataSourceId);
            count.Parameters.AddWithValue("$bucket", bucket);
            return (long)count.ExecuteScalar()!;
        }

        public string? ObjectKeyAt(long dataSourceId, string bucket, long offset)
        {
            var keyAt = _store.Reuse("SELECT key" + ObjectScope + " ORDER BY key LIMIT 1 OFFSET $offset;");
            keyAt.Parameters.AddWithValue("$ds", dataSourceId);
            keyAt.Parameters.AddWithValue("$bucket", bucket);
            keyAt.Parameters.AddWithValue("$offset", offset);
            return keyAt.ExecuteScalar() as string;
        }

        public IItemPageStore OpenPages(long dataSourceId, string bucket, long bucketItemId) =>
            new SqliteItemPageStore(_store, dataSourceId, bucket, bucketItemId);

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

            sql += SqlFilters.InList("i.file_format", "$format", query.StoredFileFormats(), command);

            return sql;
        }
    }
}
