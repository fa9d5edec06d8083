using System.Collections.Generic;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>
    /// Deletes files from the store: the file row, its chunks (by cascade) and their keyword index
    /// entries and vectors (by trigger), inside the caller's transaction. Never touches the bucket.
    /// </summary>
    internal static class FileRemoval
    {
        /// <returns>False when no file has that id.</returns>
        public static bool Remove(Store store, EventLog events, long fileId, SqliteTransaction transaction)
        {
            using var command = store.Command("DELETE FROM files WHERE id = $id RETURNING data_source_id, bucket, key;", transaction);
            command.Parameters.AddWithValue("$id", fileId);
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return false;
            }

            var dataSourceId = reader.IsDBNull(0) ? (long?)null : reader.GetInt64(0);
            var location = $"{reader.GetString(1)}/{reader.GetString(2)}";
            reader.Close();
            events.Append(transaction, EventTypes.FileDeleted, dataSourceId, fileId, $"Removed file {fileId} ({location}) from the store.");
            return true;
        }

        public static int RemoveAllOf(Store store, EventLog events, long dataSourceId, SqliteTransaction transaction)
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
