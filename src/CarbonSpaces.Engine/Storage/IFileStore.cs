using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// The store's files: one a synced object, with its status, options and what its last build held; the
    /// buckets and prefixes synced whole (sync roots); and the objects the user removed. Many-file reads and
    /// writes take the whole batch at once, because file sync, resync and auto-sync work a listing page at a time.
    /// </summary>
    public interface IFileStore
    {
        SyncedFile? Find(long id);

        /// <exception cref="Common.CarbonSpacesException">CarbonSpaces.FileNotFound when no file has that id.</exception>
        SyncedFile Get(long id);

        /// <summary>The files among <paramref name="ids"/> that exist, by id: one read for a whole batch.</summary>
        IReadOnlyDictionary<long, SyncedFile> FindMany(IReadOnlyCollection<long> ids);

        IReadOnlyList<SyncedFile> Query(FileQuery query);

        long Count(FileQuery query);

        /// <summary>
        /// For each data source and bucket of the files among <paramref name="ids"/>: how many there
        /// are and their first and last keys, in the order S3 lists keys (UTF-8 byte order).
        /// Files of a disconnected data source are left out.
        /// </summary>
        IReadOnlyList<ListingScope> ListingScopes(IReadOnlyCollection<long> ids);

        /// <summary>
        /// The keys at which a listing of <paramref name="scope"/>'s bucket splits evenly over the
        /// bucket's files from the scope's first to its last key (see <see cref="Items.ListingSplit.EvenKeys"/>).
        /// </summary>
        IReadOnlyList<string> SplitKeys(ListingScope scope, int pageSize, int ranges);

        SyncedFile? FindByObject(long dataSourceId, string bucket, string key, IUnitOfWork? work = null);

        /// <summary>The files of a bucket whose keys lie between two keys (inclusive), by key: one read for a whole listing page.</summary>
        IReadOnlyDictionary<string, SyncedFile> FindInRange(long dataSourceId, string bucket, string firstKey, string lastKey, IUnitOfWork? work = null);

        /// <summary>Files of this data source with an <see cref="FileStatus.Unfinished"/> status: the next run finishes them (as auto-sync does).</summary>
        IReadOnlyList<SyncedFile> Unfinished(long dataSourceId);

        /// <summary>The ids of every file of a data source.</summary>
        IReadOnlyList<long> IdsOf(long dataSourceId, IUnitOfWork? work = null);

        /// <summary>
        /// Queues an object for sync: a new file, or the existing file for that object (same id)
        /// with the new options. Queuing is written before any work, so an interrupted run leaves
        /// a record of what is still to do.
        /// </summary>
        /// <returns>The file's id.</returns>
        long Queue(IUnitOfWork work, DataSource source, string bucket, string key, FileSyncOptions options, long? syncRootId);

        /// <summary>Takes new tags and options for a file whose chunks they do not change, leaving its status alone.</summary>
        void UpdateOptions(IUnitOfWork work, long id, FileSyncOptions options, long? syncRootId);

        /// <returns>Whether the file was there to update.</returns>
        bool SetStatus(IUnitOfWork work, long id, string status, string? message);

        /// <summary>Sets the status of many files at once, clearing their error messages or keeping them.</summary>
        /// <returns>The time recorded as the files' UpdatedAt (to the stored millisecond).</returns>
        DateTimeOffset SetStatuses(IUnitOfWork work, IEnumerable<long> ids, string status, bool clearMessage);

        /// <summary>Records what a finished build was made from and what it holds.</summary>
        /// <returns>Whether the file was there to update.</returns>
        bool MarkReady(IUnitOfWork work, long id, FileBuild build);

        /// <summary>
        /// Forgets which version a file was built from, so every kind of sync sees its object as
        /// changed and builds it again: for files that failed for a reason outside the object.
        /// </summary>
        void ForgetSourceVersion(IUnitOfWork work, long id);

        /// <summary>Notes which version of the object a failed build was for, so an unchanged broken object is not retried by auto-sync.</summary>
        void RecordSourceVersion(IUnitOfWork work, long id, ObjectVersion version);

        /// <summary>Keeps what a file said about itself when its text could not be had.</summary>
        void RecordMetadata(IUnitOfWork work, long id, string mediaType, DocumentMetadata metadata);

        /// <summary>Records the vectors a file's stored chunks were given again (Invoke-CarbonResync -ForceEmbeddingGeneration), and that it wants them from now on.</summary>
        void RecordEmbeddings(IUnitOfWork work, long id, int embeddings, string model, FileSyncOptions options);

        /// <summary>
        /// Deletes a file with its chunks, their keyword index entries and their vectors. Never touches the bucket.
        /// </summary>
        /// <param name="rememberRemoval">
        /// The user removed the file: note its object so auto-sync does not bring it back under a
        /// bucket or prefix synced whole (false when the object itself is gone).
        /// </param>
        /// <returns>The object the file was made from; null when no file has that id.</returns>
        RemovedFile? Remove(IUnitOfWork work, long id, bool rememberRemoval);

        /// <summary>The user asked for this object again: auto-sync may keep it from now on.</summary>
        void ForgetRemoval(IUnitOfWork work, long dataSourceId, string bucket, string key);

        /// <summary>The user asked for every object in this key range of a bucket again (a listing page synced whole).</summary>
        void ForgetRemovals(IUnitOfWork work, long dataSourceId, string bucket, string firstKey, string lastKey);

        /// <summary>Records a bucket or prefix synced whole with its options, or takes the new options of one recorded before.</summary>
        /// <returns>The sync root's id.</returns>
        long UpsertSyncRoot(IUnitOfWork work, long dataSourceId, string bucket, string prefix, FileSyncOptions options);

        /// <summary>The buckets and prefixes of a data source synced whole, oldest first.</summary>
        IReadOnlyList<SyncRoot> SyncRootsOf(long dataSourceId);
    }
}
