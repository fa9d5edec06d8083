using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage.Rows;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>
    /// The files table of the SQLite store, with the objects the user removed (removed_objects) and the
    /// sync roots (<c>SqliteFileStore.SyncRoots.cs</c>); chunk writes live in <see cref="SqliteChunkWriter"/>.
    /// </summary>
    internal sealed partial class SqliteFileStore : IFileStore
    {
        private readonly SqliteStore _store;

        public SqliteFileStore(SqliteStore store)
        {
            _store = store;
        }

        public IReadOnlyDictionary<long, SyncedFile> FindMany(IReadOnlyCollection<long> ids)
        {
            var files = new Dictionary<long, SyncedFile>(ids.Count);
            if (ids.Count == 0)
            {
                return files;
            }

            var command = _store.Reuse($"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.id IN (SELECT value FROM json_each($ids));");
            command.Parameters.AddWithValue("$ids", SqlFilters.JsonArray(ids));
            foreach (var file in SyncedFileRows.ReadAll(command))
            {
                files[file.Id] = file;
            }

            return files;
        }

        /// <remarks>SQLite compares TEXT in the order S3 lists keys (UTF-8 bytes): min and max are the first and last keys.</remarks>
        public IReadOnlyList<ListingScope> ListingScopes(IReadOnlyCollection<long> ids)
        {
            using var command = _store.Command(
                @"SELECT f.data_source_id, f.bucket, count(*), min(f.key), max(f.key) FROM files f
                  WHERE f.id IN (SELECT value FROM json_each($ids)) AND f.data_source_id IS NOT NULL
                  GROUP BY f.data_source_id, f.bucket;");
            command.Parameters.AddWithValue("$ids", SqlFilters.JsonArray(ids));
            return ListingScopeRows.ReadAll(command);
        }

        public IReadOnlyList<string> SplitKeys(ListingScope scope, int pageSize, int ranges)
        {
            using var command = _store.Command(
                "SELECT key FROM files WHERE data_source_id = $ds AND bucket = $bucket AND key >= $first AND key <= $last ORDER BY key LIMIT 1 OFFSET $offset;");
            command.Parameters.AddWithValue("$ds", scope.DataSourceId);
            command.Parameters.AddWithValue("$bucket", scope.Bucket);
            command.Parameters.AddWithValue("$first", scope.FirstKey);
            command.Parameters.AddWithValue("$last", scope.LastKey);
            var offset = command.Parameters.Add("$offset", SqliteType.Integer);
            return Items.ListingSplit.EvenKeys(scope.Files, pageSize, ranges, at =>
            {
                offset.Value = at;
                return command.ExecuteScalar() as string;
            });
        }

        public SyncedFile? Find(long id)
        {
            var command = _store.Reuse($"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.id = $id;");
            command.Parameters.AddWithValue("$id", id);
            var found = SyncedFileRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        public SyncedFile Get(long id) => Find(id) ?? throw SyncedFile.NotFound(id);

        public IReadOnlyList<SyncedFile> Query(FileQuery query)
        {
            using var command = _store.Command(string.Empty);
            var sql = $"SELECT {SyncedFileRows.Columns} FROM files f WHERE 1 = 1" + Filter(query, command);
            var direction = query.Descending ? "DESC" : "ASC";
            sql += query.OrderBy switch
            {
                FileOrder.CreatedAt => $" ORDER BY f.created_at {direction}, f.id {direction}",
                FileOrder.Name => $" ORDER BY f.name COLLATE NOCASE {direction}, f.id {direction}",
                FileOrder.Size => $" ORDER BY f.size {direction}, f.id {direction}",
                FileOrder.Id => $" ORDER BY f.id {direction}",
                _ => $" ORDER BY f.updated_at {direction}, f.id {direction}",
            };
            sql += " LIMIT $limit OFFSET $offset;";
            command.Parameters.AddWithValue("$limit", query.First ?? -1);
            command.Parameters.AddWithValue("$offset", query.Skip);
            command.CommandText = sql;
            return SyncedFileRows.ReadAll(command);
        }

        public long Count(FileQuery query)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = "SELECT count(*) FROM files f WHERE 1 = 1" + Filter(query, command);
            return (long)command.ExecuteScalar()!;
        }

        public long Queue(IUnitOfWork work, DataSource source, string bucket, string key, FileSyncOptions options, long? syncRootId)
        {
            var command = _store.Reuse(
                @"INSERT INTO files (data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, media_type, sync_status,
                      tags, chunk_size, chunk_overlap, skip_embedding_generation, options, sync_root_id, created_at, updated_at)
                  VALUES ($ds, $dsMeta, $fileMeta, $bucket, $key, $name, $format, $mediaType, $queued, $tags, $size, $overlap, $skip, $options, $root, $now, $now)
                  ON CONFLICT (data_source_id, bucket, key) DO UPDATE SET
                      sync_status = excluded.sync_status, sync_error_message = NULL, tags = excluded.tags,
                      chunk_size = excluded.chunk_size, chunk_overlap = excluded.chunk_overlap,
                      skip_embedding_generation = excluded.skip_embedding_generation, options = excluded.options,
                      sync_root_id = coalesce(excluded.sync_root_id, files.sync_root_id), updated_at = excluded.updated_at
                  RETURNING id;",
                work);
            command.Parameters.AddWithValue("$ds", source.Id);
            command.Parameters.AddWithValue("$dsMeta", source.DataSourceMetadata);
            command.Parameters.AddWithValue("$fileMeta", source.FileMetadata);
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$key", key);
            command.Parameters.AddWithValue("$name", Items.Item.NameOf(key));
            var format = Ingest.Extraction.FormatDetector.FormatOf(key);
            command.Parameters.AddWithValue("$format", format);
            command.Parameters.AddWithValue("$mediaType", Ingest.Extraction.FormatCatalog.MediaTypeOf(format));
            command.Parameters.AddWithValue("$queued", FileStatus.Queued);
            BindOptions(command, options);
            command.Parameters.AddWithValue("$root", (object?)syncRootId ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            return (long)command.ExecuteScalar()!;
        }

        public SyncedFile? FindByObject(long dataSourceId, string bucket, string key, IUnitOfWork? work = null)
        {
            var command = _store.Reuse($"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.data_source_id = $ds AND f.bucket = $bucket AND f.key = $key;", work);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$key", key);
            var found = SyncedFileRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        public IReadOnlyDictionary<string, SyncedFile> FindInRange(long dataSourceId, string bucket, string firstKey, string lastKey, IUnitOfWork? work = null)
        {
            var command = _store.Reuse(
                $"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.data_source_id = $ds AND f.bucket = $bucket AND f.key >= $first AND f.key <= $last;", work);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$first", firstKey);
            command.Parameters.AddWithValue("$last", lastKey);
            var files = new Dictionary<string, SyncedFile>(StringComparer.Ordinal);
            foreach (var file in SyncedFileRows.ReadAll(command))
            {
                files[file.Key] = file;
            }

            return files;
        }

        public void UpdateOptions(IUnitOfWork work, long id, FileSyncOptions options, long? syncRootId)
        {
            var command = _store.Reuse(
                @"UPDATE files SET tags = $tags, chunk_size = $size, chunk_overlap = $overlap, skip_embedding_generation = $skip,
                      options = $options, sync_root_id = coalesce($root, sync_root_id), updated_at = $now
                  WHERE id = $id;",
                work);
            BindOptions(command, options);
            command.Parameters.AddWithValue("$root", (object?)syncRootId ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        public void ForgetRemoval(IUnitOfWork work, long dataSourceId, string bucket, string key)
        {
            var command = _store.Reuse("DELETE FROM removed_objects WHERE data_source_id = $ds AND bucket = $bucket AND key = $key;", work);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$key", key);
            command.ExecuteNonQuery();
        }

        public void ForgetRemovals(IUnitOfWork work, long dataSourceId, string bucket, string firstKey, string lastKey)
        {
            var command = _store.Reuse(
                "DELETE FROM removed_objects WHERE data_source_id = $ds AND bucket = $bucket AND key >= $first AND key <= $last;", work);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$first", firstKey);
            command.Parameters.AddWithValue("$last", lastKey);
            command.ExecuteNonQuery();
        }

        public IReadOnlyList<SyncedFile> Unfinished(long dataSourceId)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = $"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.data_source_id = $ds"
                + SqlFilters.InList("f.sync_status", "$unfinished", FileStatus.Unfinished, command)
                + " ORDER BY f.id;";
            command.Parameters.AddWithValue("$ds", dataSourceId);
            return SyncedFileRows.ReadAll(command);
        }

        public IReadOnlyList<long> IdsOf(long dataSourceId, IUnitOfWork? work = null)
        {
            using var command = _store.Command("SELECT id FROM files WHERE data_source_id = $ds;", work);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            return FirstColumn.Longs(command);
        }

        public bool SetStatus(IUnitOfWork work, long id, string status, string? message)
        {
            var command = _store.Reuse(
                "UPDATE files SET sync_status = $status, sync_error_message = $message, updated_at = $now WHERE id = $id;", work);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$message", (object?)message ?? DBNull.Value);
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() > 0;
        }

        /// <remarks>One statement for all of them.</remarks>
        public DateTimeOffset SetStatuses(IUnitOfWork work, IEnumerable<long> ids, string status, bool clearMessage)
        {
            var now = UnixTime.ToStored(DateTimeOffset.UtcNow);
            var command = _store.Reuse(
                $"UPDATE files SET sync_status = $status{(clearMessage ? ", sync_error_message = NULL" : string.Empty)}, updated_at = $now WHERE id IN (SELECT value FROM json_each($ids));",
                work);
            command.Parameters.AddWithValue("$status", status);
            command.Parameters.AddWithValue("$now", now);
            command.Parameters.AddWithValue("$ids", SqlFilters.JsonArray(ids));
            command.ExecuteNonQuery();
            return UnixTime.FromStored(now);
        }

        public bool MarkReady(IUnitOfWork work, long id, FileBuild build)
        {
            var command = _store.Reuse(
                @"UPDATE files SET sync_status = $ready, sync_error_message = NULL, file_format = $format, media_type = $mediaType, metadata = $metadata,
                      size = $size, etag = $etag,
                      source_last_modified = $modified, characters = $characters, tokens = $tokens, chunks = $chunks, embeddings = $embeddings, embedding_model = $model,
                      chunk_size = $chunkSize, chunk_overlap = $chunkOverlap, updated_at = $now, last_synced_at = $now
                  WHERE id = $id;",
                work);
            command.Parameters.AddWithValue("$ready", FileStatus.Ready);
            command.Parameters.AddWithValue("$format", build.Format);
            command.Parameters.AddWithValue("$mediaType", build.MediaType);
            command.Parameters.AddWithValue("$metadata", build.Metadata.ToJson());
            command.Parameters.AddWithValue("$size", build.Source.Size);
            command.Parameters.AddWithValue("$etag", (object?)build.Source.ETag ?? DBNull.Value);
            command.Parameters.AddWithValue("$modified", (object?)build.Source.LastModifiedSeconds ?? DBNull.Value);
            command.Parameters.AddWithValue("$characters", build.Characters);
            command.Parameters.AddWithValue("$tokens", build.Tokens);
            command.Parameters.AddWithValue("$chunks", build.Chunks.Count);
            command.Parameters.AddWithValue("$embeddings", build.Embeddings?.Count ?? 0);
            command.Parameters.AddWithValue("$model", (object?)build.EmbeddingModel ?? DBNull.Value);
            command.Parameters.AddWithValue("$chunkSize", build.Options.ChunkSize);
            command.Parameters.AddWithValue("$chunkOverlap", build.Options.ChunkOverlap);
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            command.Parameters.AddWithValue("$id", id);
            return command.ExecuteNonQuery() > 0;
        }

        public void ForgetSourceVersion(IUnitOfWork work, long id)
        {
            var command = _store.Reuse("UPDATE files SET etag = NULL WHERE id = $id;", work);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        public void RecordMetadata(IUnitOfWork work, long id, string mediaType, DocumentMetadata metadata)
        {
            var command = _store.Reuse("UPDATE files SET media_type = $mediaType, metadata = $metadata WHERE id = $id;", work);
            command.Parameters.AddWithValue("$mediaType", mediaType);
            command.Parameters.AddWithValue("$metadata", metadata.ToJson());
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        public void RecordEmbeddings(IUnitOfWork work, long id, int embeddings, string model, FileSyncOptions options)
        {
            UpdateOptions(work, id, options, null);
            var command = _store.Reuse("UPDATE files SET embeddings = $embeddings, embedding_model = $model WHERE id = $id;", work);
            command.Parameters.AddWithValue("$embeddings", embeddings);
            command.Parameters.AddWithValue("$model", model);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        public void RecordSourceVersion(IUnitOfWork work, long id, ObjectVersion version)
        {
            var command = _store.Reuse("UPDATE files SET size = $size, etag = $etag, source_last_modified = $modified WHERE id = $id;", work);
            command.Parameters.AddWithValue("$size", version.Size);
            command.Parameters.AddWithValue("$etag", (object?)version.ETag ?? DBNull.Value);
            command.Parameters.AddWithValue("$modified", (object?)version.LastModifiedSeconds ?? DBNull.Value);
            command.Parameters.AddWithValue("$id", id);
            command.ExecuteNonQuery();
        }

        public RemovedFile? Remove(IUnitOfWork work, long id, bool rememberRemoval)
        {
            // Reused statements: removals come in loops (a disconnect, an auto-sync of a shrunken bucket).
            // The chunks go by cascade, their keyword index entries and vectors by trigger.
            var command = _store.Reuse("DELETE FROM files WHERE id = $id RETURNING data_source_id, bucket, key;", work);
            command.Parameters.AddWithValue("$id", id);
            RemovedFile removed;
            using (var reader = command.ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                removed = new RemovedFile(reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
            }

            if (rememberRemoval && removed.DataSourceId.HasValue)
            {
                var remember = _store.Reuse(
                    @"INSERT INTO removed_objects (data_source_id, bucket, key, removed_at) VALUES ($ds, $bucket, $key, $now)
                      ON CONFLICT (data_source_id, bucket, key) DO UPDATE SET removed_at = excluded.removed_at;",
                    work);
                remember.Parameters.AddWithValue("$ds", removed.DataSourceId.Value);
                remember.Parameters.AddWithValue("$bucket", removed.Bucket);
                remember.Parameters.AddWithValue("$key", removed.Key);
                remember.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
                remember.ExecuteNonQuery();
            }

            return removed;
        }

        private static void BindOptions(SqliteCommand command, FileSyncOptions options)
        {
            command.Parameters.AddWithValue("$tags", Tags.ToJson(options.Tags));
            command.Parameters.AddWithValue("$size", options.ChunkSize);
            command.Parameters.AddWithValue("$overlap", options.ChunkOverlap);
            command.Parameters.AddWithValue("$skip", options.SkipEmbeddingGeneration ? 1 : 0);
            command.Parameters.AddWithValue("$options", options.ExtraToJson());
        }

        private static string Filter(FileQuery query, SqliteCommand command)
        {
            var sql = SqlFilters.InList("f.id", "$id", query.Ids, command);
            sql += SqlFilters.InList("f.data_source_id", "$ds", query.DataSourceIds, command);
            sql += SqlFilters.InList("f.sync_status", "$status", query.Statuses, command);
            sql += SqlFilters.InList("f.bucket", "$bucket", query.Buckets, command);
            sql += SqlFilters.InList("f.key", "$key", query.Keys, command);
            sql += SqlFilters.Wildcards("f.name", "$name", query.Names, command);
            sql += SqlFilters.Tags("f.tags", "$tag", query.Tags, command);
            return sql;
        }
    }
}
