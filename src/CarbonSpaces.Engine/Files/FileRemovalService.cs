using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>
    /// Remove-CarbonFile: deletes files, their chunks, index entries and vectors from the store;
    /// never from the bucket. Auto-sync does not bring a removed object back; syncing it again does.
    /// </summary>
    public sealed class FileRemovalService
    {
        private readonly IStore _store;
        private readonly EventLog _events;

        internal FileRemovalService(IStore store, EventLog events)
        {
            _store = store;
            _events = events;
        }

        /// <exception cref="Common.CarbonSpacesException">CarbonSpaces.FileNotFound when no file has that id (for example, removed already).</exception>
        public void Remove(long fileId)
        {
            using var transaction = _store.BeginWrite();
            if (!FileRemoval.Remove(_store, _events, fileId, transaction, rememberRemoval: true))
            {
                throw SyncedFile.NotFound(fileId);
            }

            transaction.Commit();
        }
    }
}
