using System;
using System.Collections.Generic;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Applies one listing page of a bucket to the store in one transaction. A page covers a key
    /// range (after the previous page's last key, up to its own last key): items in that range that
    /// the page does not hold were removed at the source. An unchanged page is recognised by one
    /// sum over its range (count and <see cref="ItemFingerprint"/>s) in SQLite, without turning its
    /// rows into objects or taking the write lock; a changed one is compared row by row and only
    /// what changed is written.
    /// </summary>
    internal sealed class ItemPageWriter : IDisposable
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

        public ItemPageWriter(SqliteStore store, long dataSourceId, string bucket, long bucketItemId)
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

        /// <param name="after">Keys of this page are greater than this ("" for the first page).</param>
        /// <param name="last">The page's last key, or null when it is the last page (its range is open-ended).</param>
        public PageChanges Apply(IReadOnlyList<S3Object> objects, string after, string? last)
        {
            var listed = new List<ListedObject>(objects.Count);
            long fingerprints = 0;
            foreach (var s3Object in objects)
            {
                if (!IsDirectoryMarker(s3Object))
                {
                    var entry = new ListedObject(s3Object);
                    listed.Add(entry);
                    fingerprints += entry.Fingerprint;
                }
            }

            var changes = new PageChanges { Objects = listed.Count };
            if (StoreHolds(listed.Count, fingerprints, after, last))
            {
                return changes;
            }

            using var transaction = _store.BeginWrite();
            foreach (var command in new[] { _selectRange, _selectTail, _insert, _update, _delete })
            {
                command.Transaction = SqliteUnitOfWork.Of(transaction);
            }

            var known = ReadRange(after, last);
            foreach (var entry in listed)
            {
                if (known.TryGetValue(entry.Key, out var existing))
                {
                    known.Remove(entry.Key);
                    var changed = existing.Size != entry.Size || existing.ETag != entry.ETag || existing.Modified != entry.Modified;

                    // Unchanged items from before fingerprints existed get theirs, once.
                    if (changed || existing.Fingerprint != entry.Fingerprint)
                    {
                        Bind(_update, entry, existing.Id);
                        _update.ExecuteNonQuery();
                        changes.Updated += changed ? 1 : 0;
                    }
                }
                else
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
            foreach (var command in new[] { _summarizeRange, _summarizeTail, _selectRange, _selectTail, _insert, _update, _delete })
            {
                command.Dispose();
            }
        }

        /// <summary>True when the page's key range in the store holds as many items as the page, all fingerprinted, with the same fingerprint sum.</summary>
        private bool StoreHolds(int count, long fingerprints, string after, string? last)
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

        private Dictionary<string, KnownItem> ReadRange(string after, string? last)
        {
            var known = new Dictionary<string, KnownItem>(StringComparer.Ordinal);
            using var reader = Range(last == null ? _selectTail : _selectRange, after, last).ExecuteReader();
            while (reader.Read())
            {
                known[reader.GetString(1)] = new KnownItem(
                    reader.GetInt64(0),
                    reader.IsDBNull(2) ? 0 : reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? (long?)null : reader.GetInt64(4),
                    reader.IsDBNull(5) ? (long?)null : reader.GetInt64(5));
            }

            return known;
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

        private static void Bind(SqliteCommand update, ListedObject entry, long id)
        {
            update.Parameters["$size"].Value = entry.Size;
            update.Parameters["$etag"].Value = (object?)entry.ETag ?? DBNull.Value;
            update.Parameters["$modified"].Value = (object?)entry.Modified ?? DBNull.Value;
            update.Parameters["$fingerprint"].Value = entry.Fingerprint;
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

        /// <summary>An object of the page as it is stored: times to the second.</summary>
        private readonly struct ListedObject
        {
            public ListedObject(S3Object listed)
            {
                Key = listed.Key;
                Size = listed.Size ?? 0;
                ETag = listed.ETag;
                Modified = ObjectTimestamps.ToStoredSeconds(listed.LastModified);
                Fingerprint = ItemFingerprint.Of(Key, Size, ETag, Modified);
            }

            public string Key { get; }

            public long Size { get; }

            public string? ETag { get; }

            public long? Modified { get; }

            public long Fingerprint { get; }
        }

        private readonly struct KnownItem
        {
            public KnownItem(long id, long size, string? etag, long? modified, long? fingerprint)
            {
                Id = id;
                Size = size;
                ETag = etag;
                Modified = modified;
                Fingerprint = fingerprint;
            }

            public long Id { get; }

            public long Size { get; }

            public string? ETag { get; }

            public long? Modified { get; }

            public long? Fingerprint { get; }
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
