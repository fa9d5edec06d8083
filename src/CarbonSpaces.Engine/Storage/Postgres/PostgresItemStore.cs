using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// Items in PostgreSQL, with every filter, order and page done in SQL, so browsing a million items stays instant.
    /// Buckets and keys are COLLATE "C", so key order and key ranges are S3's byte order, as in SQLite.
    /// </summary>
    internal sealed class PostgresItemStore : IItemStore
    {
        // Every sync reads its data source's buckets first. "kind = 0" is a literal so that PostgreSQL
        // finds them through items_buckets, which holds bucket items alone, whatever the object count.
        private const string KnownBucketsSql = "SELECT bucket FROM items WHERE data_source_id = @ds AND kind = 0 ORDER BY bucket;";
        private const string BucketItemsSql = "SELECT id, bucket, last_modified FROM items WHERE data_source_id = @ds AND kind = 0;";

        // key > '' leaves out the bucket's own item: both queries read the (data_source_id, bucket, key) index alone.
        private const string ObjectScope = " FROM items WHERE data_source_id = @ds AND bucket = @bucket AND key > ''";

        private readonly PostgresStore _store;

        public PostgresItemStore(PostgresStore store)
        {
            _store = store;
        }

        public IReadOnlyList<Item> Query(ItemQuery query)
        {
            using var command = _store.Command(string.Empty);
            var sql = "SELECT " + ItemRows.Columns + @"
                        FROM items i JOIN data_sources d ON d.id = i.data_source_id
                        WHERE true" + Filter(query, command);

            // SQLite puts NULLs (a bucket's size, an unknown time) first in ascending order and last in descending;
            // PostgreSQL does the opposite unless told. Names sort as SQLite's NOCASE does, folded then byte by byte:
            // ~<~ and ~>~ are that order, and the order items_name (text_pattern_ops) keeps, so a first page of a
            // million items reads 100 index entries instead of sorting them all (160 ms to 0.2 ms at 200,000 items).
            var direction = query.Descending ? "DESC" : "ASC";
            var nulls = query.Descending ? "NULLS LAST" : "NULLS FIRST";
            var byteOrder = query.Descending ? "~>~" : "~<~";
            sql += query.OrderBy switch
            {
                ItemOrder.Id => $" ORDER BY i.id {direction}",
                ItemOrder.LastModified => $" ORDER BY i.last_modified {direction} {nulls}, i.id {direction}",
                ItemOrder.Size => $" ORDER BY i.size {direction} {nulls}, i.id {direction}",
                ItemOrder.Key => $" ORDER BY i.bucket {direction}, i.key {direction}",
                _ => $" ORDER BY lower(i.name) USING {byteOrder}, i.id {direction}",
            };

            // LIMIT NULL is no limit, as SQLite's LIMIT -1.
            sql += " LIMIT @limit OFFSET @offset";
            command.Parameters.Add(new NpgsqlParameter<long?>("limit", NpgsqlDbType.Bigint) { TypedValue = query.First });
            command.Parameters.AddWithValue("offset", query.Skip);
            command.CommandText = sql;

            return ItemRows.ReadAll(command);
        }

        public long Count(ItemQuery query)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = "SELECT count(*) FROM items i WHERE true" + Filter(query, command);
            return (long)command.ExecuteScalar()!;
        }

        public IReadOnlyList<string> BucketNames(long dataSourceId)
        {
            using var command = _store.Command(KnownBucketsSql);
            command.Parameters.AddWithValue("ds", dataSourceId);
            return FirstColumn.Strings(command);
        }

        public IReadOnlyDictionary<string, (long Id, long? Created)> BucketItems(long dataSourceId, IUnitOfWork? work = null)
        {
            using var select = _store.Command(BucketItemsSql, work);
            select.Parameters.AddWithValue("ds", dataSourceId);
            return ItemRows.BucketsByName(select);
        }

        public long AddBucket(IUnitOfWork work, long dataSourceId, string bucket, long? createdSeconds)
        {
            // Another machine syncing the same data source may have added the bucket since this one read its
            // buckets: the item is then that one's, with this listing's creation time when it tells one, and its id is returned.
            using var insert = _store.Command(
                @"INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format)
                  VALUES (@ds, 0, @bucket, '', @bucket, NULL, NULL, NULL, @modified, '')
                  ON CONFLICT (data_source_id, bucket, key) DO UPDATE SET last_modified = coalesce(EXCLUDED.last_modified, items.last_modified)
                  RETURNING id;",
                work);
            insert.Parameters.AddWithValue("ds", dataSourceId);
            insert.Parameters.AddWithValue("bucket", bucket);
            insert.Parameters.Add(new NpgsqlParameter<long?>("modified", NpgsqlDbType.Bigint) { TypedValue = createdSeconds });
            return (long)insert.ExecuteScalar()!;
        }

        public void SetBucketCreated(IUnitOfWork work, long bucketItemId, long createdSeconds)
        {
            using var update = _store.Command("UPDATE items SET last_modified = @modified WHERE id = @id;", work);
            update.Parameters.AddWithValue("modified", createdSeconds);
            update.Parameters.AddWithValue("id", bucketItemId);
            update.ExecuteNonQuery();
        }

        public long RemoveBucket(IUnitOfWork work, long bucketItemId)
        {
            // One statement that counts what it removes: the bucket's objects (parent_id) and the bucket itself.
            using var delete = _store.Command(
                "WITH removed AS (DELETE FROM items WHERE parent_id = @id OR id = @id RETURNING 1) SELECT count(*) FROM removed;",
                work);
            delete.Parameters.AddWithValue("id", bucketItemId);
            return (long)delete.ExecuteScalar()!;
        }

        public long CountObjects(long dataSourceId, string bucket)
        {
            using var count = _store.Command("SELECT count(*)" + ObjectScope + ";");
            count.Parameters.AddWithValue("ds", dataSourceId);
            count.Parameters.AddWithValue("bucket", bucket);
            return (long)count.ExecuteScalar()!;
        }

        public string? ObjectKeyAt(long dataSourceId, string bucket, long offset)
        {
            using var keyAt = _store.Command("SELECT key" + ObjectScope + " ORDER BY key LIMIT 1 OFFSET @offset;");
            keyAt.Parameters.AddWithValue("ds", dataSourceId);
            keyAt.Parameters.AddWithValue("bucket", bucket);
            keyAt.Parameters.AddWithValue("offset", offset);
            return keyAt.ExecuteScalar() as string;
        }

        public IItemPageStore OpenPages(long dataSourceId, string bucket, long bucketItemId) =>
            new PostgresItemPageStore(_store, dataSourceId, bucket, bucketItemId);

        private static string Filter(ItemQuery query, NpgsqlCommand command)
        {
            var sql = PostgresFilters.InList("i.id", "id", query.Ids, command.Parameters);
            sql += PostgresFilters.InList("i.data_source_id", "ds", query.DataSourceIds, command.Parameters);
            sql += PostgresFilters.InList("i.bucket", "bucket", query.Buckets, command.Parameters);
            sql += PostgresFilters.InList("i.parent_id", "parent", query.ParentIds, command.Parameters);
            if (!string.IsNullOrEmpty(query.Prefix))
            {
                // A range rather than LIKE: the prefix needs no escaping, and the (data_source_id, bucket, key) index serves it.
                command.Parameters.AddWithValue("prefix", query.Prefix!);
                command.Parameters.AddWithValue("prefix_end", query.Prefix + "\U0010FFFF");
                sql += " AND i.key >= @prefix AND i.key < @prefix_end";
            }

            sql += PostgresWildcards.Filter("i.name", "name", query.Names, command);
            if (query.Kind.HasValue)
            {
                // A literal, not a parameter: only then may PostgreSQL use items_buckets, the index of bucket items alone.
                sql += $" AND i.kind = {(int)query.Kind.Value}";
            }

            sql += PostgresFilters.InList("i.file_format", "format", query.StoredFileFormats(), command.Parameters);

            return sql;
        }
    }
}
