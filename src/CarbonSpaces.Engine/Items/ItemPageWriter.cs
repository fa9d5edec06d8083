using System;
using System.Collections.Generic;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Applies one listing page of a bucket to the store in one transaction. A page covers a key
    /// range (after the previous page's last key, up to its own last key): items in that range that
    /// the page does not hold were removed at the source. Comparing range against page needs one
    /// indexed range read per page and writes only what changed, so a re-sync of an unchanged bucket
    /// writes nothing.
    /// </summary>
    internal sealed class ItemPageWriter : IDisposable
    {
        private readonly Store _store;
        private readonly long _dataSourceId;
        private readonly string _bucket;
        private readonly long _bucketItemId;
        private readonly SqliteCommand _selectRange;
        private readonly SqliteCommand _selectTail;
        private readonly SqliteCommand _insert;
        private readonly SqliteCommand _update;
        private readonly SqliteCommand _delete;

        public ItemPageWriter(Store store, long dataSourceId, string bucket, long bucketItemId)
        {
            _store = store;
            _dataSourceId = dataSourceId;
            _bucket = bucket;
            _bucketItemId = bucketItemId;
            const string select = "SELECT id, key, size, etag, last_modified FROM items WHERE data_source_id = $ds AND bucket = $bucket AND kind = 1 AND key > $after";
            _selectRange = Prepare(select + " AND key <= $last;", "$ds", "$bucket", "$after", "$last");
            _selectTail = Prepare(select + ";", "$ds", "$bucket", "$after");
            _insert = Prepare(
                @"INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format)
                  VALUES ($ds, 1, $bucket, $key, $name, $parent, $size, $etag, $modified, $format);",
                "$ds", "$bucket", "$key", "$name", "$parent", "$size", "$etag", "$modified", "$format");
            _update = Prepare("UPDATE items SET size = $size, etag = $etag, last_modified = $modified WHERE id = $id;", "$size", "$etag", "$modified", "$id");
            _delete = Prepare("DELETE FROM items WHERE id = $id;", "$id");
        }

        /// <param name="after">Keys of this page are greater than this ("" for the first page).</param>
        /// <param name="last">The page's last key, or null when it is the last page (its range is open-ended).</param>
        public PageChanges Apply(IReadOnlyList<S3Object> objects, string after, string? last)
        {
            using var transaction = _store.BeginWrite();
            foreach (var command in new[] { _selectRange, _selectTail, _insert, _update, _delete })
            {
                command.Transaction = transaction;
            }

            var known = ReadRange(after, last);
            var changes = new PageChanges();
            foreach (var s3Object in objects)
            {
                if (IsDirectoryMarker(s3Object))
                {
                    continue;
                }

                changes.Objects++;
                var size = s3Object.Size ?? 0;
                var modified = ObjectTimestamps.ToStoredSeconds(s3Object.LastModified);
                if (known.TryGetValue(s3Object.Key, out var existing))
                {
                    known.Remove(s3Object.Key);
                    if (existing.Size != size || existing.ETag != s3Object.ETag || existing.Modified != modified)
                    {
                        Bind(_update, size, s3Object.ETag, modified, existing.Id);
                        _update.ExecuteNonQuery();
                        changes.Updated++;
                    }
                }
                else
                {
                    _insert.Parameters["$ds"].Value = _dataSourceId;
                    _insert.Parameters["$bucket"].Value = _bucket;
                    _insert.Parameters["$key"].Value = s3Object.Key;
                    _insert.Parameters["$name"].Value = Item.NameOf(s3Object.Key);
                    _insert.Parameters["$parent"].Value = _bucketItemId;
                    _insert.Parameters["$size"].Value = size;
                    _insert.Parameters["$etag"].Value = (object?)s3Object.ETag ?? DBNull.Value;
                    _insert.Parameters["$modified"].Value = (object?)modified ?? DBNull.Value;
                    _insert.Parameters["$format"].Value = FormatDetector.FormatOf(s3Object.Key);
                    _insert.ExecuteNonQuery();
                    changes.Added++;
                }
            }

            foreach (var gone in known.Values)
            {
                _delete.Parameters["$id"].Value = gone.Id;
                _delete.ExecuteNonQuery();
                changes.Removed++;
            }

            transaction.Commit();
            return changes;
        }

        /// <summary>A zero-byte key ending in "/" is how consoles show folders; it is not a file.</summary>
        public static bool IsDirectoryMarker(S3Object s3Object) => s3Object.Key.EndsWith("/", StringComparison.Ordinal) && (s3Object.Size ?? 0) == 0;

        public void Dispose()
        {
            foreach (var command in new[] { _selectRange, _selectTail, _insert, _update, _delete })
            {
                command.Dispose();
            }
        }

        private Dictionary<string, KnownItem> ReadRange(string after, string? last)
        {
            var command = last == null ? _selectTail : _selectRange;
            command.Parameters["$ds"].Value = _dataSourceId;
            command.Parameters["$bucket"].Value = _bucket;
            command.Parameters["$after"].Value = after;
            if (last != null)
            {
                command.Parameters["$last"].Value = last;
            }

            var known = new Dictionary<string, KnownItem>(StringComparer.Ordinal);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                known[reader.GetString(1)] = new KnownItem(
                    reader.GetInt64(0),
                    reader.IsDBNull(2) ? 0 : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? (long?)null : reader.GetInt64(4));
            }

            return known;
        }

        private static void Bind(SqliteCommand update, long size, string? etag, long? modified, long id)
        {
            update.Parameters["$size"].Value = size;
            update.Parameters["$etag"].Value = (object?)etag ?? DBNull.Value;
            update.Parameters["$modified"].Value = (object?)modified ?? DBNull.Value;
            update.Parameters["$id"].Value = id;
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

        private readonly struct KnownItem
        {
            public KnownItem(long id, long size, string? etag, long? modified)
            {
                Id = id;
                Size = size;
                ETag = etag;
                Modified = modified;
            }

            public long Id { get; }

            public long Size { get; }

            public string? ETag { get; }

            public long? Modified { get; }
        }
    }

    internal sealed class PageChanges
    {
        public long Objects { get; set; }

        public long Added { get; set; }

        public long Updated { get; set; }

        public long Removed { get; set; }
    }
}
