using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Storage.Rows;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    // The sync roots: buckets and prefixes synced whole, with the options they were synced with:
    // objects that appear under them later become files with the same options.
    internal sealed partial class SqliteFileStore
    {
        public long UpsertSyncRoot(IUnitOfWork work, long dataSourceId, string bucket, string prefix, FileSyncOptions options)
        {
            using var command = _store.Command(
                @"INSERT INTO sync_roots (data_source_id, bucket, prefix, tags, chunk_size, chunk_overlap, skip_embedding_generation, options, created_at, updated_at)
                  VALUES ($ds, $bucket, $prefix, $tags, $size, $overlap, $skip, $options, $now, $now)
                  ON CONFLICT (data_source_id, bucket, prefix) DO UPDATE SET
                      tags = excluded.tags, chunk_size = excluded.chunk_size, chunk_overlap = excluded.chunk_overlap,
                      skip_embedding_generation = excluded.skip_embedding_generation, options = excluded.options, updated_at = excluded.updated_at
                  RETURNING id;",
                work);
            command.Parameters.AddWithValue("$ds", dataSourceId);
            command.Parameters.AddWithValue("$bucket", bucket);
            command.Parameters.AddWithValue("$prefix", prefix);
            command.Parameters.AddWithValue("$tags", Tags.ToJson(options.Tags));
            command.Parameters.AddWithValue("$size", options.ChunkSize);
            command.Parameters.AddWithValue("$overlap", options.ChunkOverlap);
            command.Parameters.AddWithValue("$skip", options.SkipEmbeddingGeneration ? 1 : 0);
            command.Parameters.AddWithValue("$options", options.ExtraToJson());
            command.Parameters.AddWithValue("$now", UnixTime.ToStored(DateTimeOffset.UtcNow));
            return (long)command.ExecuteScalar()!;
        }

        public IReadOnlyList<SyncRoot> SyncRootsOf(long dataSourceId)
        {
            using var command = _store.Command(
                $"SELECT {SyncRootRows.Columns} FROM sync_roots WHERE data_source_id = $ds ORDER BY id;");
            command.Parameters.AddWithValue("$ds", dataSourceId);
            return SyncRootRows.ReadAll(command);
        }
    }
}
