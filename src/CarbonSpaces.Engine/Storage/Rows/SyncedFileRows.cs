using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Runtime.CompilerServices;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Engine.Storage.Rows
{
    /// <summary>Files read from rows of the files table (<c>f</c>), on any backend.</summary>
    internal static class SyncedFileRows
    {
        /// <summary>The columns <see cref="ReadAll"/> reads, in its order.</summary>
        public const string Columns =
            @"f.id, f.data_source_id, f.data_source_metadata, f.file_metadata, f.bucket, f.key, f.name, f.file_format, f.sync_status,
              f.sync_error_message, f.tags, f.chunk_size, f.chunk_overlap, f.skip_embedding_generation, f.options, f.sync_root_id,
              f.size, f.etag, f.source_last_modified, f.characters, f.tokens, f.chunks, f.embeddings, f.created_at, f.updated_at, f.last_synced_at,
              f.media_type, f.metadata, f.embedding_model";

        /// <summary>The files of the command's rows, which hold the <see cref="Columns"/>.</summary>
        /// <remarks>
        /// Fully optimized from the first call: one call reads every file of a resync or a listing
        /// (10,000 rows and more), long before tiered compilation would promote it, so it ran its
        /// first thousands of rows as unoptimized code and then recompiled itself mid-loop.
        /// The reader is a DbDataReader at no cost: SqliteDataReader's getters are virtual all the same.
        /// </remarks>
        [MethodImpl(HotLoop.FullyOptimized)]
        public static IReadOnlyList<SyncedFile> ReadAll(DbCommand command)
        {
            var files = new List<SyncedFile>();
            var options = new FileSyncOptions.StoredReader();
            var metadata = new StoredMetadataReader();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                files.Add(new SyncedFile
                {
                    Id = reader.GetInt64(0),
                    DataSourceId = reader.IsDBNull(1) ? (long?)null : reader.GetInt64(1),
                    DataSourceMetadata = reader.GetString(2),
                    FileMetadata = reader.GetString(3),
                    Bucket = reader.GetString(4),
                    Key = reader.GetString(5),
                    Name = reader.GetString(6),
                    FileFormat = reader.GetString(7),
                    SyncStatus = reader.GetString(8),
                    SyncErrorMessage = reader.IsDBNull(9) ? null : reader.GetString(9),
                    Options = options.Read(reader.GetString(10), reader.GetInt32(11), reader.GetInt32(12), reader.GetBoolean(13), reader.GetString(14)),
                    SyncRootId = reader.IsDBNull(15) ? (long?)null : reader.GetInt64(15),
                    Size = reader.IsDBNull(16) ? (long?)null : reader.GetInt64(16),
                    ETag = reader.IsDBNull(17) ? null : reader.GetString(17),
                    SourceLastModified = reader.IsDBNull(18) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(18)),
                    Characters = reader.GetInt64(19),
                    Tokens = reader.GetInt64(20),
                    Chunks = reader.GetInt32(21),
                    Embeddings = reader.GetInt32(22),
                    CreatedAt = UnixTime.FromStored(reader.GetInt64(23)),
                    UpdatedAt = UnixTime.FromStored(reader.GetInt64(24)),
                    LastSyncedAt = reader.IsDBNull(25) ? (DateTimeOffset?)null : UnixTime.FromStored(reader.GetInt64(25)),
                    MediaType = reader.GetString(26),
                    Metadata = metadata.Read(reader.GetString(27)),
                    EmbeddingModel = reader.IsDBNull(28) ? null : reader.GetString(28),
                });
            }

            return files;
        }
    }
}
