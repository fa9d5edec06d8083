using System.Collections.Generic;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>
    /// Deletes files from the store: the file row, its chunks (by cascade) and their keyword index
    /// entries and vectors (by trigger), inside the caller's transaction. Never touches the bucket.
    /// </summary>
    internal static class FileRemoval
    {
        /// <param name="rememberRemoval">
        /// The user removed the file: note its object so auto-sync does not bring it back under a
        /// bucket or prefix synced whole (false when the object itself is gone).
        /// </param>
        /// <returns>False when no file has that id.</returns>
        public static bool Remove(SqliteStore store, EventLog events, long fileId, IUnitOfWork transaction, bool rememberRemoval = false)
        {
            // Reused statements: removals come in loops (a disconnect, an auto-sync of a shrunken bucket).
            var command = store.Reuse("DELETE FROM files WHERE id = $id RETURNING data_source_id, bucket, key;", transaction);
            command.Parameters.AddWithValue("$id", fileId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return false;
            }

            var dataSourceId = reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0);
            var bucket = reader.GetString(1);
            var key = reader.GetString(2);
            var location = $"{bucket}/{key}";
            reader.Close();
            if (rememberRemoval && dataSourceId.HasValue)
            {
                var remember = store.Reuse(
                    @"INSERT INTO removed_objects (data_source_id, bucket, key, removed_at) VALUES ($ds, $bucket, $key, $now)
                      ON CONFLICT (data_source_id, bucket, key) DO UPDATE SET removed_at = excluded.removed_at;",
                    transaction);
                remember.Parameters.AddWithValue("$ds", dataSourceId.Value);
                remember.Parameters.AddWithValue("$bucket", bucket);
                remember.Parameters.AddWithValue("$key", key);
                remember.Parameters.AddWithValue("$now", Common.UnixTime.ToStored(System.DateTimeOffset.UtcNow));
                remember.ExecuteNonQuery();
            }

            events.Append(transaction, EventTypes.FileDeleted, dataSourceId, fileId, $"Removed file {fileId} ({location}) from the store.");
            return true;
        }

        public static int RemoveAllOf(SqliteStore store, EventLog events, long dataSourceId, IUnitOfWork transaction)
        {
            var ids = new List<long>();
            using (var select = store.Command("SELECT id FROM files WHERE data_source_id = $ds;", transaction))
            {
                select.Parameters.AddWithValue("$ds", dataSourceId);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    ids.Add(reader.GetInt64(0));
                }
            }

            foreach (var id in ids)
            {
                Remove(store, events, id, transaction);
            }

            return ids.Count;
        }
    }
}
