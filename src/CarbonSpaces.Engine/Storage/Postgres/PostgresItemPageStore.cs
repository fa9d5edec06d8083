using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// One bucket's object items in PostgreSQL, a listing page's key range at a time. Every call is one round trip:
    /// an unchanged range is one sum over the (data_source_id, bucket, key) index on the server, and a changed
    /// page's updates, inserts and removals travel as arrays in one batch. The statements are prepared on the
    /// pooled connection that runs them (Npgsql keeps them there), so a bucket's many pages parse them once.
    /// </summary>
    internal sealed class PostgresItemPageStore : IItemPageStore
    {
        private const string Range = " FROM items WHERE data_source_id = @ds AND bucket = @bucket AND kind = 1 AND key > @after";

        // At most one row more than the page holds is summed: that is enough to tell the range differs, and
        // keeps the work bounded however many stale rows a range holds. PostgreSQL sums bigints as numeric.
        private const string Summarize = "SELECT count(*), sum(fingerprint), count(fingerprint) FROM (SELECT fingerprint" + Range;
        private const string SummarizeRange = Summarize + " AND key <= @last LIMIT @limit) AS page;";
        private const string SummarizeTail = Summarize + " LIMIT @limit) AS page;";
        private const string Select = "SELECT id, key, size, etag, last_modified, fingerprint" + Range;
        private const string SelectRange = Select + " AND key <= @last;";
        private const string SelectTail = Select + ";";

        private const string UpdateSql =
            @"UPDATE items AS i SET size = u.size, etag = u.etag, last_modified = u.modified, fingerprint = u.fingerprint
              FROM unnest(@ids::bigint[], @sizes::bigint[], @etags::text[], @modified::bigint[], @fingerprints::bigint[])
                   AS u (id, size, etag, modified, fingerprint)
              WHERE i.id = u.id;";

        // Rows go in listing order, so new items' ids follow it as in SQLite. Another machine listing the same
        // bucket may have added a key since this one read the range: its item then takes this listing's values.
        private const string InsertSql =
            @"INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format, fingerprint)
              SELECT @ds, 1, @bucket, a.key, a.name, @parent, a.size, a.etag, a.modified, a.format, a.fingerprint
              FROM unnest(@keys::text[], @names::text[], @sizes::bigint[], @etags::text[], @modified::bigint[], @formats::text[], @fingerprints::bigint[])
                   WITH ORDINALITY AS a (key, name, size, etag, modified, format, fingerprint, position)
              ORDER BY a.position
              ON CONFLICT (data_source_id, bucket, key) DO UPDATE
                  SET size = EXCLUDED.size, etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified, fingerprint = EXCLUDED.fingerprint;";

        private const string DeleteSql = "DELETE FROM items WHERE id = ANY(@ids);";

        private readonly PostgresStore _store;
        private readonly long _dataSourceId;
        private readonly string _bucket;
        private readonly long _bucketItemId;

        public PostgresItemPageStore(PostgresStore store, long dataSourceId, string bucket, long bucketItemId)
        {
            _store = store;
            _dataSourceId = dataSourceId;
            _bucket = bucket;
            _bucketItemId = bucketItemId;
        }

        public bool Holds(string after, string? last, int count, long fingerprints)
        {
            using var connection = _store.OpenConnection();
            using var command = RangeCommand(last == null ? SummarizeTail : SummarizeRange, after, last, connection, null);
            command.Parameters.AddWithValue("limit", (long)count + 1);
            command.Prepare();
            using var reader = command.ExecuteReader();
            reader.Read();
            var stored = reader.GetInt64(0);
            return stored == count
                && reader.GetInt64(2) == stored
                && (stored == 0 || reader.GetDecimal(1) == fingerprints);
        }

        public Dictionary<string, StoredObjectItem> Read(string after, string? last, IUnitOfWork? work = null)
        {
            var unit = PostgresUnitOfWork.Of(work);
            using var pooled = unit == null ? _store.OpenConnection() : null;
            using var command = RangeCommand(last == null ? SelectTail : SelectRange, after, last, unit?.Connection ?? pooled!, unit?.Transaction);
            command.Prepare();
            return StoredObjectItemRows.ByKey(command);
        }

        public void Write(IUnitOfWork work, ItemPageWrite page)
        {
            var unit = PostgresUnitOfWork.Of(work)!;
            using var batch = new NpgsqlBatch(unit.Connection, unit.Transaction);
            if (page.Updated.Count > 0)
            {
                batch.BatchCommands.Add(Updates(page.Updated));
            }

            if (page.Added.Count > 0)
            {
                batch.BatchCommands.Add(Inserts(page.Added));
            }

            if (page.Removed.Count > 0)
            {
                var delete = new NpgsqlBatchCommand(DeleteSql);
                delete.Parameters.AddWithValue("ids", page.Removed.ToArray());
                batch.BatchCommands.Add(delete);
            }

            if (batch.BatchCommands.Count == 0)
            {
                return;
            }

            batch.Prepare();
            batch.ExecuteNonQuery();
        }

        public void Dispose()
        {
            // Nothing is held between calls: each takes a connection of the pool, or the unit of work's.
        }

        private static NpgsqlBatchCommand Updates(List<(long Id, ListedObject Listed)> changed)
        {
            // In id order: the server updates them in array order (unnest drives the join), so two machines writing
            // one page lock its rows in the same order and wait for each other instead of deadlocking.
            var updated = changed.OrderBy(item => item.Id).ToList();
            var ids = new long[updated.Count];
            var sizes = new long[updated.Count];
            var etags = new string?[updated.Count];
            var modified = new long?[updated.Count];
            var fingerprints = new long[updated.Count];
            for (var i = 0; i < updated.Count; i++)
            {
                var (id, listed) = updated[i];
                ids[i] = id;
                sizes[i] = listed.Size;
                etags[i] = listed.ETag;
                modified[i] = listed.Modified;
                fingerprints[i] = listed.Fingerprint;
            }

            var update = new NpgsqlBatchCommand(UpdateSql);
            update.Parameters.AddWithValue("ids", ids);
            update.Parameters.AddWithValue("sizes", sizes);
            update.Parameters.AddWithValue("etags", NpgsqlDbType.Array | NpgsqlDbType.Text, etags);
            update.Parameters.AddWithValue("modified", NpgsqlDbType.Array | NpgsqlDbType.Bigint, modified);
            update.Parameters.AddWithValue("fingerprints", fingerprints);
            return update;
        }

        private NpgsqlBatchCommand Inserts(List<ListedObject> added)
        {
            var keys = new string[added.Count];
            var names = new string[added.Count];
            var sizes = new long[added.Count];
            var etags = new string?[added.Count];
            var modified = new long?[added.Count];
            var formats = new string[added.Count];
            var fingerprints = new long[added.Count];
            for (var i = 0; i < added.Count; i++)
            {
                var entry = added[i];
                keys[i] = entry.Key;
                names[i] = Item.NameOf(entry.Key);
                sizes[i] = entry.Size;
                etags[i] = entry.ETag;
                modified[i] = entry.Modified;
                formats[i] = FormatDetector.FormatOf(entry.Key);
                fingerprints[i] = entry.Fingerprint;
            }

            var insert = new NpgsqlBatchCommand(InsertSql);
            insert.Parameters.AddWithValue("ds", _dataSourceId);
            insert.Parameters.AddWithValue("bucket", _bucket);
            insert.Parameters.AddWithValue("parent", _bucketItemId);
            insert.Parameters.AddWithValue("keys", keys);
            insert.Parameters.AddWithValue("names", names);
            insert.Parameters.AddWithValue("sizes", sizes);
            insert.Parameters.AddWithValue("etags", NpgsqlDbType.Array | NpgsqlDbType.Text, etags);
            insert.Parameters.AddWithValue("modified", NpgsqlDbType.Array | NpgsqlDbType.Bigint, modified);
            insert.Parameters.AddWithValue("formats", formats);
            insert.Parameters.AddWithValue("fingerprints", fingerprints);
            return insert;
        }

        private NpgsqlCommand RangeCommand(string sql, string after, string? last, NpgsqlConnection connection, NpgsqlTransaction? transaction)
        {
            var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("ds", _dataSourceId);
            command.Parameters.AddWithValue("bucket", _bucket);
            command.Parameters.AddWithValue("after", after);
            if (last != null)
            {
                command.Parameters.AddWithValue("last", last);
            }

            return command;
        }
    }
}
