using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Items;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// One bucket's object items, a listing page's key range at a time: keys after <c>after</c> (the previous
    /// page's last key, "" for the first page) up to <c>last</c> (the page's own last key, or null for the last
    /// page, whose range is open-ended). It is opened for one bucket's listing and keeps what it prepared for
    /// it (statements) until disposed.
    /// </summary>
    public interface IItemPageStore : IDisposable
    {
        /// <summary>
        /// True when the range holds <paramref name="count"/> items, all with a fingerprint, whose fingerprints sum
        /// to <paramref name="fingerprints"/>: the page is unchanged. Told without reading the range's rows or
        /// taking the write lock.
        /// </summary>
        bool Holds(string after, string? last, int count, long fingerprints);

        /// <summary>The range's object items by key, in a dictionary of the caller's own (it removes those the page still lists).</summary>
        Dictionary<string, StoredObjectItem> Read(string after, string? last, IUnitOfWork? work = null);

        /// <summary>Writes what one page changed in its range.</summary>
        void Write(IUnitOfWork work, ItemPageWrite page);
    }

    /// <summary>What one listing page changes in its key range, written at once.</summary>
    public sealed class ItemPageWrite
    {
        /// <summary>Objects new to the store, in listing order; their items are named and typed from their keys.</summary>
        public List<ListedObject> Added { get; } = new List<ListedObject>();

        /// <summary>Stored items that take what the listing now says of their object.</summary>
        public List<(long Id, ListedObject Listed)> Updated { get; } = new List<(long Id, ListedObject Listed)>();

        /// <summary>Items whose objects the listing no longer holds.</summary>
        public List<long> Removed { get; } = new List<long>();
    }

    /// <summary>An object of a listing page as it is stored: times to the second, and its <see cref="ItemFingerprint"/>.</summary>
    public readonly struct ListedObject
    {
        internal ListedObject(string key, long size, string? etag, long? modifiedSeconds)
        {
            Key = key;
            Size = size;
            ETag = etag;
            Modified = modifiedSeconds;
            Fingerprint = ItemFingerprint.Of(key, size, etag, modifiedSeconds);
        }

        public string Key { get; }

        public long Size { get; }

        public string? ETag { get; }

        public long? Modified { get; }

        public long Fingerprint { get; }
    }

    /// <summary>An object item as the store holds it; items from before fingerprints existed have none.</summary>
    public readonly struct StoredObjectItem
    {
        internal StoredObjectItem(long id, long size, string? etag, long? modified, long? fingerprint)
        {
            Id = id;
            Size = size;
            ETag = etag;
            Modified = modified;
            Fingerprint = fingerprint;
        }

        public long Id { get; }

        public long Size { get; }

        public string? ETag { get; }

        public long? Modified { get; }

        public long? Fingerprint { get; }
    }
}
