using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.AutoSync
{
    /// <summary>
    /// Compares a data source's files with the items a fresh listing just wrote (ETag, size,
    /// LastModified; never a time cursor, so objects that appear late or share a second are not
    /// missed): which files changed at the source, which objects are gone, and which new objects
    /// sit under a bucket or prefix that was synced whole.
    /// </summary>
    internal sealed class SourceChanges
    {
        private readonly IStore _store;
        private readonly IFileStore _files;

        public SourceChanges(IStore store, IFileStore files)
        {
            _store = store;
            _files = files;
        }

        /// <summary>
        /// One pass over a data source's files: the ones to rebuild, whose object's listed version
        /// differs from the one they were built (or failed) from, or whose status is
        /// <see cref="FileStatus.Unfinished"/>; and the ones whose object is no longer listed, in
        /// buckets listed to the end this time (elsewhere a missing item proves nothing).
        /// </summary>
        public (IReadOnlyList<FileJob> Changed, IReadOnlyList<long> Gone) Compare(long dataSourceId, IReadOnlyCollection<string> completedBuckets)
        {
            var (listed, gone) = _store.AutoSync.CompareWithListing(dataSourceId, completedBuckets);
            var files = _files.FindMany(listed.Select(l => l.FileId).ToList());
            var changed = listed.Select(l =>
            {
                var file = files[l.FileId];
                return new FileJob(file.Id, file.Bucket, file.Key, file.Options, l.Version);
            }).ToList();
            return (changed, gone);
        }

        /// <summary>Objects under a sync root that are not files yet (and whose file the user did not remove), with the version the listing gave.</summary>
        public IReadOnlyList<(string Key, ObjectVersion Version)> NewUnder(long dataSourceId, SyncRoot root) =>
            _store.AutoSync.NewObjectsUnder(dataSourceId, root.Bucket, root.Prefix);
    }
}
