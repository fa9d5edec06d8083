using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Ingest
{
    /// <summary>
    /// Lists the keys of one bucket under a prefix, in key order, a few pages ahead of its reader,
    /// until the listing passes a last key, reaches the bucket's end, or has listed a budget of
    /// keys. Started before its reader is ready, it lists while the reader does other work (a
    /// resync reads its files from the store meanwhile).
    /// </summary>
    internal sealed class ListingFeed
    {
        /// <summary>Pages listed ahead of the reader: enough to go on listing while ten thousand files are read from the store.</summary>
        private const int PagesAhead = 4;

        private readonly Channel<List<S3Object>> _pages = Channel.CreateBounded<List<S3Object>>(new BoundedChannelOptions(PagesAhead) { SingleReader = true, SingleWriter = true });
        private readonly CancellationTokenSource _stop;
        private readonly Task _listing;
        private bool _reachedLastKey;

        private ListingFeed(IAmazonS3 client, DataSource source, ListingScope scope, long budget, int pageSize, CancellationToken cancellation)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _listing = Task.Run(() => ListAsync(client, source, scope, budget, pageSize, _stop.Token));
        }

        /// <summary>
        /// True once the reader has had every page and the listing ended at or past the scope's last
        /// key (or at the bucket's end): a key not seen is not in the bucket. False when it stopped at its budget.
        /// </summary>
        public bool CoveredScope { get; private set; }

        public static ListingFeed Start(IAmazonS3 client, DataSource source, ListingScope scope, long budget, int pageSize, CancellationToken cancellation) =>
            new ListingFeed(client, source, scope, budget, pageSize, cancellation);

        /// <summary>The next page of objects, or null when the listing is over; throws what the listing failed with.</summary>
        public async Task<List<S3Object>?> NextAsync(CancellationToken cancellation)
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

        private async Task ListAsync(IAmazonS3 client, DataSource source, ListingScope scope, long budget, int pageSize, CancellationToken cancellation)
        {
            try
            {
                string? continuation = null;
                var listed = 0L;
                do
                {
                    var page = await ItemSynchronizer.ListPageAsync(client, source, scope.Bucket, scope.Prefix, pageSize, continuation, cancellation).ConfigureAwait(false);
                    var objects = page.S3Objects ?? new List<S3Object>();
                    listed += objects.Count;
                    continuation = ItemSynchronizer.NextPage(page, source, scope.Bucket);
                    _reachedLastKey = continuation == null || (objects.Count > 0 && Utf8Order.Compare(objects[objects.Count - 1].Key, scope.LastKey) >= 0);
                    await _pages.Writer.WriteAsync(objects, cancellation).ConfigureAwait(false);
                }
                while (!_reachedLastKey && listed < budget);

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
