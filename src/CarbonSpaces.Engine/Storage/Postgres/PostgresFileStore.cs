using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage.Rows;
using Npgsql;
using NpgsqlTypes;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// The files table of the PostgreSQL store, with the objects the user removed (removed_objects) and the
    /// sync roots (<c>PostgresFileStore.SyncRoots.cs</c>); chunk writes live in <see cref="PostgresChunkWriter"/>.
    /// Every write is one statement, safe when several processes write at once: a file is one row per object
    /// (the unique key and INSERT … ON CONFLICT), whoever queues it first.
    /// </summary>
    internal sealed partial class PostgresFileStore : IFileStore
    {
        private readonly PostgresStore _store;

        public PostgresFileStore(PostgresStore store)
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

            using var command = _store.Command($"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.id = ANY(@ids);");
            command.Parameters.Add(Ids("ids", ids));
            foreach (var file in SyncedFileRows.ReadAll(command))
            {
                files[file.Id] = file;
            }

            return files;
        }

        /// <remarks>Keys are COLLATE "C", compared in the order S3 lists them (UTF-8 bytes): min and max are the first and last keys.</remarks>
        public IReadOnlyList<ListingScope> ListingScopes(IReadOnlyCollection<long> ids)
        {
            using var command = _store.Command(
                @"SELECT f.data_source_id, f.bucket, count(*), min(f.key), max(f.key) FROM files f
                  WHERE f.id = ANY(@ids) AND f.data_source_id IS NOT NULL
                  GROUP BY f.data_source_id, f.bucket;");
            command.Parameters.Add(Ids("ids", ids));
            return ListingScopeRows.ReadAll(command);
        }

        /// <remarks>A few keys (one a range), each its own statement on one pooled connection.</remarks>
        public IReadOnlyList<string> SplitKeys(ListingScope scope, int pageSize, int ranges)
        {
            using var connection = _store.OpenConnection();
            using var command = new NpgsqlCommand(
                "SELECT key FROM files WHERE data_source_id = @ds AND bucket = @bucket AND key >= @first AND key <= @last ORDER BY key LIMIT 1 OFFSET @offset;",
                connection);
            command.Parameters.Add(new NpgsqlParameter("ds", NpgsqlDbType.Bigint) { Value = scope.DataSourceId });
            command.Parameters.Add(Text("bucket", scope.Bucket));
            command.Parameters.Add(Text("first", scope.FirstKey));
            command.Parameters.Add(Text("last", scope.LastKey));
            var offset = command.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Bigint) { Value = 0L });
            return Items.ListingSplit.EvenKeys(scope.Files, pageSize, ranges, at =>
            {
                offset.Value = at;
                return command.ExecuteScalar() as string;
            });
        }

        public SyncedFile? Find(long id)
        {
            using var command = _store.Command($"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.id = @id;");
            command.Parameters.Add(Id("id", id));
            var found = SyncedFileRows.ReadAll(command);
            return found.Count == 0 ? null : found[0];
        }

        public SyncedFile Get(long id) => Find(id) ?? throw SyncedFile.NotFound(id);

        public IReadOnlyList<SyncedFile> Query(FileQuery query)
        {
            using var command = _store.Command(string.Empty);
            var sql = $"SELECT {SyncedFileRows.Columns} FROM files f WHERE 1 = 1" + PostgresFileFilter.Of(query, command);
            var direction = query.Descending ? "DESC" : "ASC";
            sql += query.OrderBy switch
            {
                FileOrder.CreatedAt => $" ORDER BY f.created_at {direction}, f.id {direction}",
                // SQLite's NOCASE: folded, then byte by byte (not the database's language collation)
                FileOrder.Name => $" ORDER BY lower(f.name) COLLATE \"C\" {direction}, f.id {direction}",
                // SQLite puts NULL first ascending and last descending; PostgreSQL the other way round by default
                FileOrder.Size => $" ORDER BY f.size {direction} NULLS {(query.Descending ? "LAST" : "FIRST")}, f.id {direction}",
                FileOrder.Id => $" ORDER BY f.id {direction}",
                _ => $" ORDER BY f.updated_at {direction}, f.id {direction}",
            };
            sql += " LIMIT @limit OFFSET @offset;";
            command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Bigint) { Value = (object?)query.First ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter("offset", NpgsqlDbType.Bigint) { Value = query.Skip });
            command.CommandText = sql;
            return SyncedFileRows.ReadAll(command);
        }

        public long Count(FileQuery query)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = "SELECT count(*) FROM files f WHERE 1 = 1" + PostgresFileFilter.Of(query, command);
            return (long)command.ExecuteScalar()!;
        }

        /// <remarks>
        /// Two processes queuing one object at once make one file: the second waits for the first's row and takes
        /// it over (ON CONFLICT … DO UPDATE), and both get its id.
        /// </remarks>
        public long Queue(IUnitOfWork work, DataSource source, string bucket, string key, FileSyncOptions options, long? syncRootId)
        {
            using var command = _store.Command(
                @"INSERT INTO files (data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, media_type, sync_status,
                      tags, chunk_size, chunk_overlap, skip_embedding_generation, options, sync_root_id, created_at, updated_at)
                  VALUES (@ds, @dsMeta, @fileMeta, @bucket, @key, @name, @format, @mediaType, @queued, @tags, @size, @overlap, @skip, @options, @root, @now, @now)
                  ON CONFLICT (data_source_id, bucket, key) DO UPDATE SET
                      sync_status = excluded.sync_status, sync_error_message = NULL, tags = excluded.tags,
                      chunk_size = excluded.chunk_size, chunk_overlap = excluded.chunk_overlap,
                      skip_embedding_generation = excluded.skip_embedding_generation, options = excluded.options,
                      sync_root_id = coalesce(excluded.sync_root_id, files.sync_root_id), updated_at = excluded.updated_at
                  RETURNING id;",
                work);
            command.Parameters.Add(Id("ds", source.Id));
            command.Parameters.Add(Text("dsMeta", source.DataSourceMetadata));
            command.Parameters.Add(Text("fileMeta", source.FileMetadata));
            command.Parameters.Add(Text("bucket", bucket));
            command.Parameters.Add(Text("key", key));
            command.Parameters.Add(Text("name", Items.Item.NameOf(key)));
            var format = FormatDetector.FormatOf(key);
            command.Parameters.Add(Text("format", format));
            command.Parameters.Add(Text("mediaType", FormatCatalog.MediaTypeOf(format)));
            command.Parameters.Add(Text("queued", FileStatus.Queued));
            BindOptions(command, options);
            command.Parameters.Add(NullableId("root", syncRootId));
            command.Parameters.Add(Now());
            return (long)PostgresStore.Prepared(command, work).ExecuteScalar()!;
        }

        public SyncedFile? FindByObject(long dataSourceId, string bucket, string key, IUnitOfWork? work = null)
        {
            using var command = _store.Command($"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.data_source_id = @ds AND f.bucket = @bucket AND f.key = @key;", work);
            command.Parameters.Add(Id("ds", dataSourceId));
            command.Parameters.Add(Text("bucket", bucket));
            command.Parameters.Add(Text("key", key));
            var found = SyncedFileRows.ReadAll(PostgresStore.Prepared(command, work));
            return found.Count == 0 ? null : found[0];
        }

        public IReadOnlyDictionary<string, SyncedFile> FindInRange(long dataSourceId, string bucket, string firstKey, string lastKey, IUnitOfWork? work = null)
        {
            using var command = _store.Command(
                $"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.data_source_id = @ds AND f.bucket = @bucket AND f.key >= @first AND f.key <= @last;", work);
            command.Parameters.Add(Id("ds", dataSourceId));
            command.Parameters.Add(Text("bucket", bucket));
            command.Parameters.Add(Text("first", firstKey));
            command.Parameters.Add(Text("last", lastKey));
            var files = new Dictionary<string, SyncedFile>(StringComparer.Ordinal);
            foreach (var file in SyncedFileRows.ReadAll(PostgresStore.Prepared(command, work)))
            {
                files[file.Key] = file;
            }

            return files;
        }

        public void UpdateOptions(IUnitOfWork work, long id, FileSyncOptions options, long? syncRootId)
        {
            using var command = _store.Command(
                @"UPDATE files SET tags = @tags, chunk_size = @size, chunk_overlap = @overlap, skip_embedding_generation = @skip,
                      options = @options, sync_root_id = coalesce(@root, sync_root_id), updated_at = @now
                  WHERE id = @id;",
                work);
            BindOptions(command, options);
            command.Parameters.Add(NullableId("root", syncRootId));
            command.Parameters.Add(Now());
            command.Parameters.Add(Id("id", id));
            PostgresStore.Prepared(command, work).ExecuteNonQuery();
        }

        public void ForgetRemoval(IUnitOfWork work, long dataSourceId, string bucket, string key)
        {
            using var command = _store.Command("DELETE FROM removed_objects WHERE data_source_id = @ds AND bucket = @bucket AND key = @key;", work);
            command.Parameters.Add(Id("ds", dataSourceId));
            command.Parameters.Add(Text("bucket", bucket));
            command.Parameters.Add(Text("key", key));
            PostgresStore.Prepared(command, work).ExecuteNonQuery();
        }

        public void ForgetRemovals(IUnitOfWork work, long dataSourceId, string bucket, string firstKey, string lastKey)
        {
            using var command = _store.Command(
                "DELETE FROM removed_objects WHERE data_source_id = @ds AND bucket = @bucket AND key >= @first AND key <= @last;", work);
            command.Parameters.Add(Id("ds", dataSourceId));
            command.Parameters.Add(Text("bucket", bucket));
            command.Parameters.Add(Text("first", firstKey));
            command.Parameters.Add(Text("last", lastKey));
            command.ExecuteNonQuery();
        }

        public IReadOnlyList<SyncedFile> Unfinished(long dataSourceId)
        {
            using var command = _store.Command(string.Empty);
            command.CommandText = $"SELECT {SyncedFileRows.Columns} FROM files f WHERE f.data_source_id = @ds"
                + PostgresFilters.InList("f.sync_status", "unfinished", FileStatus.Unfinished, command.Parameters)
                + " ORDER BY f.id;";
            command.Parameters.Add(Id("ds", dataSourceId));
            return SyncedFileRows.ReadAll(command);
        }

        public IReadOnlyList<long> IdsOf(long dataSourceId, IUnitOfWork? work = null)
        {
            using var command = _store.Command("SELECT id FROM files WHERE data_source_id = @ds;", work);
            command.Parameters.Add(Id("ds", dataSourceId));
            return FirstColumn.Longs(command);
        }

        public bool SetStatus(IUnitOfWork work, long id, string status, string? message)
        {
            using var command = _store.Command(
                "UPDATE files SET sync_status = @status, sync_error_message = @message, updated_at = @now WHERE id = @id;", work);
            command.Parameters.Add(Text("status", status));
            command.Parameters.Add(Text("message", message));
            command.Parameters.Add(Now());
            command.Parameters.Add(Id("id", id));
            return PostgresStore.Prepared(command, work).ExecuteNonQuery() > 0;
        }

        /// <remarks>
        /// One statement for all of them. The rows are locked in bucket and key order, the order in which a sync writes
        /// a batch of built files (FileBuildPipeline), so a resync marking files that another machine's sync is writing
        /// waits for it instead of deadlocking with it (an UPDATE alone locks rows in whatever order it scans them).
        /// </remarks>
        public DateTimeOffset SetStatuses(IUnitOfWork work, IEnumerable<long> ids, string status, bool clearMessage)
        {
            var now = UnixTime.ToStored(DateTimeOffset.UtcNow);
            using var command = _store.Command(
                $@"UPDATE files f SET sync_status = @status{(clearMessage ? ", sync_error_message = NULL" : string.Empty)}, updated_at = @now
                   FROM (SELECT id FROM files WHERE id = ANY(@ids) ORDER BY bucket, key FOR UPDATE) locked
                   WHERE f.id = locked.id;",
                work);
            command.Parameters.Add(Text("status", status));
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = now });
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = ids as long[] ?? ids.ToArray() });
            command.ExecuteNonQuery();
            return UnixTime.FromStored(now);
        }

        public bool MarkReady(IUnitOfWork work, long id, FileBuild build)
        {
            using var command = _store.Command(
                @"UPDATE files SET sync_status = @ready, sync_error_message = NULL, file_format = @format, media_type = @mediaType, metadata = @metadata,
                      size = @size, etag = @etag,
                      source_last_modified = @modified, characters = @characters, tokens = @tokens, chunks = @chunks, embeddings = @embeddings, embedding_model = @model,
                      chunk_size = @chunkSize, chunk_overlap = @chunkOverlap, updated_at = @now, last_synced_at = @now
                  WHERE id = @id;",
                work);
            command.Parameters.Add(Text("ready", FileStatus.Ready));
            command.Parameters.Add(Text("format", build.Format));
            command.Parameters.Add(Text("mediaType", build.MediaType));
            command.Parameters.Add(Text("metadata", build.Metadata.ToJson()));
            command.Parameters.Add(new NpgsqlParameter("size", NpgsqlDbType.Bigint) { Value = build.Source.Size });
            command.Parameters.Add(Text("etag", build.Source.ETag));
            command.Parameters.Add(NullableId("modified", build.Source.LastModifiedSeconds));
            command.Parameters.Add(new NpgsqlParameter("characters", NpgsqlDbType.Bigint) { Value = (long)build.Characters });
            command.Parameters.Add(new NpgsqlParameter("tokens", NpgsqlDbType.Bigint) { Value = (long)build.Tokens });
            command.Parameters.Add(new NpgsqlParameter("chunks", NpgsqlDbType.Integer) { Value = build.Chunks.Count });
            command.Parameters.Add(new NpgsqlParameter("embeddings", NpgsqlDbType.Integer) { Value = build.Embeddings?.Count ?? 0 });
            command.Parameters.Add(Text("model", build.EmbeddingModel));
            command.Parameters.Add(new NpgsqlParameter("chunkSize", NpgsqlDbType.Integer) { Value = build.Options.ChunkSize });
            command.Parameters.Add(new NpgsqlParameter("chunkOverlap", NpgsqlDbType.Integer) { Value = build.Options.ChunkOverlap });
            command.Parameters.Add(Now());
            command.Parameters.Add(Id("id", id));
            return PostgresStore.Prepared(command, work).ExecuteNonQuery() > 0;
        }

        public void ForgetSourceVersion(IUnitOfWork work, long id)
        {
            using var command = _store.Command("UPDATE files SET etag = NULL WHERE id = @id;", work);
            command.Parameters.Add(Id("id", id));
            PostgresStore.Prepared(command, work).ExecuteNonQuery();
        }

        public void RecordMetadata(IUnitOfWork work, long id, string mediaType, DocumentMetadata metadata)
        {
            using var command = _store.Command("UPDATE files SET media_type = @mediaType, metadata = @metadata WHERE id = @id;", work);
            command.Parameters.Add(Text("mediaType", mediaType));
            command.Parameters.Add(Text("metadata", metadata.ToJson()));
            command.Parameters.Add(Id("id", id));
            PostgresStore.Prepared(command, work).ExecuteNonQuery();
        }

        /// <remarks>The options and the vectors in one statement (SQLite takes two).</remarks>
        public void RecordEmbeddings(IUnitOfWork work, long id, int embeddings, string model, FileSyncOptions options)
        {
            using var command = _store.Command(
                @"UPDATE files SET tags = @tags, chunk_size = @size, chunk_overlap = @overlap, skip_embedding_generation = @skip,
                      options = @options, updated_at = @now, embeddings = @embeddings, embedding_model = @model
                  WHERE id = @id;",
                work);
            BindOptions(command, options);
            command.Parameters.Add(Now());
            command.Parameters.Add(new NpgsqlParameter("embeddings", NpgsqlDbType.Integer) { Value = embeddings });
            command.Parameters.Add(Text("model", model));
            command.Parameters.Add(Id("id", id));
            PostgresStore.Prepared(command, work).ExecuteNonQuery();
        }

        public void RecordSourceVersion(IUnitOfWork work, long id, ObjectVersion version)
        {
            using var command = _store.Command("UPDATE files SET size = @size, etag = @etag, source_last_modified = @modified WHERE id = @id;", work);
            command.Parameters.Add(new NpgsqlParameter("size", NpgsqlDbType.Bigint) { Value = version.Size });
            command.Parameters.Add(Text("etag", version.ETag));
            command.Parameters.Add(NullableId("modified", version.LastModifiedSeconds));
            command.Parameters.Add(Id("id", id));
            PostgresStore.Prepared(command, work).ExecuteNonQuery();
        }

        /// <remarks>
        /// One statement: the file goes with its chunks, their keyword entries (a column of the chunk) and vectors
        /// (by cascade), and its object is remembered in the same round trip. Prepared: removals come in loops
        /// (a disconnect, an auto-sync of a shrunken bucket).
        /// </remarks>
        public RemovedFile? Remove(IUnitOfWork work, long id, bool rememberRemoval)
        {
            using var command = _store.Command(
                @"WITH removed AS (DELETE FROM files WHERE id = @id RETURNING data_source_id, bucket, key),
                  remembered AS (
                      INSERT INTO removed_objects (data_source_id, bucket, key, removed_at)
                      SELECT data_source_id, bucket, key, @now FROM removed WHERE @remember AND data_source_id IS NOT NULL
                      ON CONFLICT (data_source_id, bucket, key) DO UPDATE SET removed_at = excluded.removed_at)
                  SELECT data_source_id, bucket, key FROM removed;",
                work);
            command.Parameters.Add(Id("id", id));
            command.Parameters.Add(Now());
            command.Parameters.Add(new NpgsqlParameter("remember", NpgsqlDbType.Boolean) { Value = rememberRemoval });
            using var reader = PostgresStore.Prepared(command, work).ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            return new RemovedFile(reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0), reader.GetString(1), reader.GetString(2));
        }

        private static void BindOptions(NpgsqlCommand command, FileSyncOptions options)
        {
            command.Parameters.Add(Text("tags", Tags.ToJson(options.Tags)));
            command.Parameters.Add(new NpgsqlParameter("size", NpgsqlDbType.Integer) { Value = options.ChunkSize });
            command.Parameters.Add(new NpgsqlParameter("overlap", NpgsqlDbType.Integer) { Value = options.ChunkOverlap });
            command.Parameters.Add(new NpgsqlParameter("skip", NpgsqlDbType.Boolean) { Value = options.SkipEmbeddingGeneration });
            command.Parameters.Add(Text("options", options.ExtraToJson()));
        }

        private static NpgsqlParameter Id(string name, long id) => new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = id };

        private static NpgsqlParameter NullableId(string name, long? value) => new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value };

        private static NpgsqlParameter Ids(string name, IReadOnlyCollection<long> ids) =>
            new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = ids as long[] ?? ids.ToArray() };

        private static NpgsqlParameter Text(string name, string? value) => new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

        private static NpgsqlParameter Now() => new NpgsqlParameter("now", NpgsqlDbType.Bigint) { Value = UnixTime.ToStored(DateTimeOffset.UtcNow) };
    }
}
