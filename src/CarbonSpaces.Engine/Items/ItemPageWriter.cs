using System;
using System.Collections.Generic;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Applies one listing page of a bucket to the store in one unit of work. A page covers a key
    /// range (after the previous page's last key, up to its own last key): items in that range that
    /// the page does not hold were removed at the source. An unchanged page is recognised by one
    /// sum over its range (count and <see cref="ItemFingerprint"/>s) in the store, without turning its
    /// rows into objects or taking the write lock; a changed one is compared row by row and only
    /// what changed is written.
    /// </summary>
    internal sealed class ItemPageWriter : IDisposable
    {
        private readonly IStore _store;
        private readonly IItemPageStore _pages;

        public ItemPageWriter(IStore store, long dataSourceId, string bucket, long bucketItemId)
        {
            _store = store;
            _pages = store.Items.OpenPages(dataSourceId, bucket, bucketItemId);
        }

        /// <param name="after">Keys of this page are greater than this ("" for the first page).</param>
        /// <param name="last">The page's last key, or null when it is the last page (its range is open-ended).</param>
        public PageChanges Apply(IReadOnlyList<S3Object> objects, string after, string? last)
        {
            var listed = new List<ListedObject>(objects.Count);
            long fingerprints = 0;
            foreach (var s3Object in objects)
            {
                if (!IsDirectoryMarker(s3Object))
                {
                    var entry = new ListedObject(s3Object.Key, s3Object.Size ?? 0, s3Object.ETag, ObjectTimestamps.ToStoredSeconds(s3Object.LastModified));
                    listed.Add(entry);
                    fingerprints += entry.Fingerprint;
                }
            }

            var changes = new PageChanges { Objects = listed.Count };
            if (_pages.Holds(after, last, listed.Count, fingerprints))
            {
                return changes;
            }

            using var work = _store.BeginWrite();
            var known = _pages.Read(after, last, work);
            var write = new ItemPageWrite();
            foreach (var entry in listed)
            {
                if (known.TryGetValue(entry.Key, out var existing))
                {
                    known.Remove(entry.Key);
                    var changed = existing.Size != entry.Size || existing.ETag != entry.ETag || existing.Modified != entry.Modified;

                    // Unchanged items from before fingerprints existed get theirs, once.
                    if (changed || existing.Fingerprint != entry.Fingerprint)
                    {
                        write.Updated.Add((existing.Id, entry));
                        changes.Updated += changed ? 1 : 0;
                    }
                }
                else
                {
                    write.Added.Add(entry);
                    changes.Added++;
                }
            }

            foreach (var gone in known.Values)
            {
                write.Removed.Add(gone.Id);
                changes.Removed++;
            }

            _pages.Write(work, write);
            work.Commit();
            return changes;
        }

        /// <summary>A zero-byte key ending in "/" is how consoles show folders; it is not a file.</summary>
        public static bool IsDirectoryMarker(S3Object s3Object) => s3Object.Key.EndsWith("/", StringComparison.Ordinal) && (s3Object.Size ?? 0) == 0;

        public void Dispose() => _pages.Dispose();
    }

    internal sealed class PageChanges
    {
        public long Objects { get; set; }

        public long Added { get; set; }

        public long Updated { get; set; }

        public long Removed { get; set; }
    }
}
