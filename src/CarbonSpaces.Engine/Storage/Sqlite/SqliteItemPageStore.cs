using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>
    /// One bucket's object items in SQLite, a listing page's key range at a time. Its statements are
    /// prepared once for the bucket's whole listing; an unchanged range is one sum over the
    /// (data_source_id, bucket, key) index in SQLite, without turning its rows into objects.
    /// </summary>
    internal sealed class SqliteItemPageStore : IItemPageStore
    {
        private readonly SqliteStore _store;
        private readonly long _dataSourceId;
        private readonly string _bucket;
        private readonly long _bucketItemId;
        private readonly SqliteCommand _summarizeRange;
        private readonly SqliteCommand _summarizeTail;
        private readonly SqliteCommand _selectRange;
        private readonly SqliteCommand _selectTail;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _delete;

        public SqliteItemPageStore(SqliteStore store, long dataSourceId, string bucket, long bucketItemId)
        {
            _store = store;
            _dataSourceId = dataSourceId;
            _bucket = bucket;
            _bucketItemId = bucketItemId;
            const string range = " FROM items WHERE data_source_id = $ds AND bucket = $bucket AND kind = 1 AND key > $after";

            // At most one row more than the page holds is summed: that is enough to tell the range
            // differs, and keeps the sum exact however many stale rows a range holds (sum() fails on overflow).
            const string summarize = "SELECT count(*), sum(fingerprint), count(fingerprint) FROM (SELECT fingerprint" + range;
            const string select = "SELECT id, key, size, etag, last_modified, fingerprint" + range;
            _summarizeRange = Prepare(summarize + " AND key <= $last LIMIT $limit);", "$ds", "$bucket", "$after", "$last", "$limit");
            _summarizeTail = Prepare(summarize + " LIMIT $limit);", "$ds", "$bucket", "$after", "$limit");
            _selectRange = Prepare(select + " AND key <= $last;", "$ds", "$bucket", "$after", "$last");
            _selectTail = Prepare(select + ";", "$ds", "$bucket", "$after");
            _insert = Prepare(
                @"INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format, fingerprint)
                  VALUES ($ds, 1, $bucket, $key, $name, $parent, $size, $etag, $modified, $format, $fingerprint);",
                "$ds", "$bucket", "$key", "$name", "$parent", "$size", "$etag", "$modified", "$format", "$fingerprint");
            _update = Prepare(
                "UPDATE items SET size = $size, etag = $etag, last_modified = $modified, fingerprint = $fingerprint WHERE id = $id;",
                "$size", "$etag", "$modified", "$fingerprint", "$id");
            _delete = Prepare("DELETE FROM items WHERE id = $id;", "$id");
        }

        public bool Holds(string after, string? last, int count, long fingerprints)
        {
            var command = Range(last == null ? _summarizeTail : _summarizeRange, after, last);
            command.Parameters["$limit"].Value = count + 1;
            using var reader = command.ExecuteReader();
            reader.Read();
            var stored = reader.GetInt64(0);
            return stored == count
                && reader.GetInt64(2) == stored
                && (stored == 0 || reader.GetInt64(1) == fingerprints);
        }

        public Dictionary<string, StoredObjectItem> Read(string after, string? last, IUnitOfWork? work = null)
        {
            var command = Range(last == null ? _selectTail : _selectRange, after, last);
            command.Transaction = SqliteUnitOfWork.Of(work);
            return StoredObjectItemRows.ByKey(command);
        }

        public void Write(IUnitOfWork work, ItemPageWrite page)
        {
            var transaction = SqliteUnitOfWork.Of(work);
            foreach (var command in new[] { _insert, _update, _delete })
            {
                command.Transaction = transaction;
            }

            foreach (var (id, listed) in page.Updated)
            {
                _update.Parameters["$size"].Value = listed.Size;
                _update.Parameters["$etag"].Value = (object?)listed.ETag ?? DBNull.Value;
                _update.Parameters["$modified"].Value = (object?)listed.Modified ?? DBNull.Value;
                _update.Parameters["$fingerprint"].Value = listed.Fingerprint;
                _update.Parameters["$id"].Value = id;
                _update.ExecuteNonQuery();
            }

            foreach (var entry in page.Added)
            {
                _insert.Parameters["$ds"].Value = _dataSourceId;
                _insert.Parameters["$bucket"].Value = _bucket;
                _insert.Parameters["$key"].Value = entry.Key;
                _insert.Parameters["$name"].Value = Item.NameOf(entry.Key);
                _insert.Parameters["$parent"].Value = _bucketItemId;
                _insert.Parameters["$size"].Value = entry.Size;
                _insert.Parameters["$etag"].Value = (object?)entry.ETag ?? DBNull.Value;
                _insert.Parameters["$modified"].Value = (object?)entry.Modified ?? DBNull.Value;
                _insert.Parameters["$format"].Value = FormatDetector.FormatOf(entry.Key);
                _insert.Parameters["$fingerprint"].Value = entry.Fingerprint;
                _insert.ExecuteNonQuery();
            }

            foreach (var id in page.Removed)
            {
                _delete.Parameters["$id"].Value = id;
                _delete.ExecuteNonQuery();
            }
        }

        public void Dispose()
        {
            foreach (var command in new[] { _summarizeRange, _summarizeTail, _selectRange, _selectTail, _insert, _update, _delete })
            {
                command.Dispose();
            }
        }

        private SqliteCommand Range(SqliteCommand command, string after, string? last)
        {
            command.Parameters["$ds"].Value = _dataSourceId;
            command.Parameters["$bucket"].Value = _bucket;
            command.Parameters["$after"].Value = after;
            if (last != null)
            {
                command.Parameters["$last"].Value = last;
            }

            return command;
        }

        private SqliteCommand Prepare(string sql, params string[] parameters)
        {
            var command = _store.Command(sql);
            foreach (var parameter in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = parameter });
            }

            return command;
        }
    }
}
