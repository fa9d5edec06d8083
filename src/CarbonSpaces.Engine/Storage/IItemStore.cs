using System.Collections.Generic;
using CarbonSpaces.Engine.Items;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// The items of a store: every bucket and object of a data source as items sync last listed them.
    /// Browsing filters, orders and pages in the store, so a million items stay instant; a bucket's
    /// objects are written a listing page at a time through <see cref="IItemPageStore"/>.
    /// </summary>
    public interface IItemStore
    {
        /// <summary>The items that match every filter of <paramref name="query"/>, in its order, skipped and cut to its page.</summary>
        IReadOnlyList<Item> Query(ItemQuery query);

        /// <summary>How many items match the filters, ignoring paging.</summary>
        long Count(ItemQuery query);

        /// <summary>The names of the data source's bucket items, sorted; read without visiting its objects.</summary>
        IReadOnlyList<string> BucketNames(long dataSourceId);

        /// <summary>The data source's bucket items by bucket name: their id and creation time (stored seconds).</summary>
        IReadOnlyDictionary<string, (long Id, long? Created)> BucketItems(long dataSourceId, IUnitOfWork? work = null);

        /// <summary>Adds the item of a bucket new to the data source; returns its id.</summary>
        long AddBucket(IUnitOfWork work, long dataSourceId, string bucket, long? createdSeconds);

        /// <summary>Sets a bucket item's creation time (stored seconds).</summary>
        void SetBucketCreated(IUnitOfWork work, long bucketItemId, long createdSeconds);

        /// <summary>Removes a bucket item and the items of its objects; returns how many items went.</summary>
        long RemoveBucket(IUnitOfWork work, long bucketItemId);

        /// <summary>How many object items the store holds for a bucket of the data source.</summary>
        long CountObjects(long dataSourceId, string bucket);

        /// <summary>The key of the bucket's object item at <paramref name="offset"/> in key order; null past the last.</summary>
        string? ObjectKeyAt(long dataSourceId, string bucket, long offset);

        /// <summary>The object items of one bucket, for writing its listing page by page; dispose it when the listing ends.</summary>
        IItemPageStore OpenPages(long dataSourceId, string bucket, long bucketItemId);
    }
}
