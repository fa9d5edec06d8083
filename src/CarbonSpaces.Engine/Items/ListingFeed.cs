using System;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Lists the keys of a bucket (under a prefix), in key order, a few pages ahead of its reader,
    /// until the bucket's end, or until the listing passes a last key or has listed a budget of keys.
    /// The next page is fetched while the reader works on the last one; a listing started before its
    /// reader is ready goes on meanwhile (a resync reads its files from the store then).
    /// </summary>
    internal sealed class ListingFeed
    {
        /// <summary>The next page while the reader works on the last one, and one more.</summary>
        private const int DefaultPagesAhead = 2;

        private readonly Channel<ListObjectsV2Response> _pages;
        private readonly CancellationTokenSource _stop;
        private readonly Task _listing;
        private bool _reachedLastKey;

        private ListingFeed(
            IAmazonS3 client, DataSource source, string bucket, string? prefix, ListObjectsV2Response? firstPage, string? lastKey, long budget, int pageSize, int pagesAhead,
            CancellationToken cancellation)
        {
            _pages = Channel.CreateBounded<ListObjectsV2Response>(new BoundedChannelOptions(pagesAhead) { SingleReader = true, SingleWriter = true });
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _listing = Task.Run(() => ListAsync(client, source, bucket, prefix, firstPage, lastKey, budget, pageSize, _stop.Token));
        }

        /// <summary>
        /// True once the reader has had every page and the listing ended at or past its last key (or
        /// at the bucket's end): a key not seen is not in the bucket. False when it stopped at its budget.
        /// </summary>
        public bool CoveredScope { get; private set; }

        /// <summary>Every key under <paramref name="prefix"/> (null or empty: the whole bucket), from <paramref name="firstPage"/> when it was already read.</summary>
        public static ListingFeed Under(
            IAmazonS3 client, DataSource source, string bucket, string? prefix, ListObjectsV2Response? firstPage, int pageSize, CancellationToken cancellation) =>
            new ListingFeed(client, source, bucket, prefix, firstPage, null, long.MaxValue, pageSize, DefaultPagesAhead, cancellation);

        /// <summary>The keys under <paramref name="prefix"/> up to <paramref name="lastKey"/>, stopping after <paramref name="budget"/> keys.</summary>
        public static ListingFeed UpTo(
            IAmazonS3 client, DataSource source, string bucket, string prefix, string lastKey, long budget, int pageSize, int pagesAhead, CancellationToken cancellation) =>
            new ListingFeed(client, source, bucket, prefix, null, lastKey, budget, pageSize, pagesAhead, cancellation);

        /// <summary>The next page, or null when the listing is over; throws what the listing failed with.</summary>
        public async Task<ListObjectsV2Response?> NextAsync(CancellationToken cancellation)
        {
            if (await _pages.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false) && _pages.Reader.TryRead(out var page))
            {
                return page;
            }

            CoveredScope = _reachedLastKey;
            return null;
        }

        /// <summary>Stops listing and waits for the request in flight: no request may outlive the client it was sent with.</summary>
        public async Task StopAsync()
        {
            _stop.Cancel();
            try
            {
                await _listing.ConfigureAwait(false);
            }
            finally
            {
                _stop.Dispose();
            }
        }

        private async Task ListAsync(
            IAmazonS3 client, DataSource source, string bucket, string? prefix, ListObjectsV2Response? firstPage, string? lastKey, long budget, int pageSize, CancellationToken cancellation)
        {
            try
            {
                var page = firstPage ?? await ItemSynchronizer.ListPageAsync(client, source, bucket, prefix, pageSize, null, cancellation).ConfigureAwait(false);
                var listed = 0L;
                while (true)
                {
                    await _pages.Writer.WriteAsync(page, cancellation).ConfigureAwait(false);
                    var objects = page.S3Objects;
                    listed += objects?.Count ?? 0;
                    var continuation = ItemSynchronizer.NextPage(page, source, bucket);
                    _reachedLastKey = continuation == null
                        || (lastKey != null && objects != null && objects.Count > 0 && Utf8Order.Compare(objects[objects.Count - 1].Key, lastKey) >= 0);
                    if (_reachedLastKey || listed >= budget)
                    {
                        break;
                    }

                    page = await ItemSynchronizer.ListPageAsync(client, source, bucket, prefix, pageSize, continuation, cancellation).ConfigureAwait(false);
                }

                _pages.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                // The reader gets the failure (or the cancellation) when it asks for the next page.
                _pages.Writer.TryComplete(ex);
            }
        }
    }
}
