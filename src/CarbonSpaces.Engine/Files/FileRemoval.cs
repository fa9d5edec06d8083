using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>
    /// Deletes files from the store: the file, its chunks and their keyword index entries and vectors,
    /// inside the caller's unit of work, with an event each. Never touches the bucket.
    /// </summary>
    internal static class FileRemoval
    {
        /// <param name="rememberRemoval">
        /// The user removed the file: note its object so auto-sync does not bring it back under a
        /// bucket or prefix synced whole (false when the object itself is gone).
        /// </param>
        /// <returns>False when no file has that id.</returns>
        public static bool Remove(IStore store, EventLog events, long fileId, IUnitOfWork transaction, bool rememberRemoval = false)
        {
            if (store.Files.Remove(transaction, fileId, rememberRemoval) is not RemovedFile removed)
            {
                return false;
            }

            events.Append(transaction, EventTypes.FileDeleted, removed.DataSourceId, fileId, $"Removed file {fileId} ({removed.Bucket}/{removed.Key}) from the store.");
            return true;
        }

        public static int RemoveAllOf(IStore store, EventLog events, long dataSourceId, IUnitOfWork transaction)
        {
            var ids = store.Files.IdsOf(dataSourceId, transaction);
            foreach (var id in ids)
            {
                Remove(store, events, id, transaction);
            }

            return ids.Count;
        }
    }
}
