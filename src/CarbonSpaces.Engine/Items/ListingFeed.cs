using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Lists the keys of a bucket (under a prefix) a few pages ahead of its reader, until the
    /// bucket's end, or until the listing passes a last key or has listed a budget of keys. The next
    /// page is fetched while the reader works on the last one; a listing started before its reader
    /// is ready goes on meanwhile (a resync reads its files from the store then). With a
    /// <see cref="ListingSplit"/>, the rest of the listing after its first page may be split into key
    /// ranges listed side by side: each page then comes with the key range it covers, and pages of
    /// different ranges arrive interleaved.
    /// </summary>
    internal sealed class ListingFeed
    {
        /// <summary>The next page while the reader works on the last one, and one more.</summary>
        private const int DefaultPagesAhead = 2;

        /// <summary>Split keys found from common prefixes: the scope's, then one and two folders deeper along the first page's last key.</summary>
        private const int PrefixLevels = 3;

        /// <summary>Ranges per range listed at once when split at common prefixes, whose sizes are unknown: a large one then does not hold up the others' workers.</summary>
        private const int RangesPerWorker = 4;

        private readonly Channel<ListedPage> _pages;
        private readonly CancellationTokenSource _stop;
        private readonly Task _listing;
        private readonly IAmazonS3 _client;
        private readonly DataSource _source;
        private readonly string _bucket;
        private readonly string? _prefix;
        private readonly string? _lastKey;
        private readonly long _budget;
        private readonly int _pageSize;
        private readonly ListingSplit? _split;
        private long _listed;
        private int _ranges = 1;
        private volatile bool _budgetSpent;
        private bool _coveredAll;
        private Exception? _failure;

        private ListingFeed(
            IAmazonS3 client, DataSource source, string bucket, string? prefix, ListObjectsV2Response? firstPage, string? lastKey, long budget, int pageSize, int pagesAhead,
            ListingSplit? split, CancellationToken cancellation)
        {
            _client = client;
            _source = source;
            _bucket = bucket;
            _prefix = string.IsNullOrEmpty(prefix) ? null : prefix;
            _lastKey = lastKey;
            _budget = budget;
            _pageSize = pageSize;
            _split = split;
            var capacity = Math.Max(pagesAhead, split?.Ranges ?? 1);
            _pages = Channel.CreateBounded<ListedPage>(new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = split == null });
            _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            _listing = Task.Run(() => ListAsync(firstPage, _stop.Token));
        }

        /// <summary>
        /// True once the reader has had every page and the listing ended at or past its last key (or
        /// at the bucket's end): a key not seen is not in the bucket. False when it stopped at its budget.
        /// </summary>
        public bool CoveredScope { get; private set; }

        /// <summary>How many key ranges the listing was split into (1: one sequence of pages).</summary>
        public int Ranges => Volatile.Read(ref _ranges);

        /// <summary>Every key under <paramref name="prefix"/> (null or empty: the whole bucket), from <paramref name="firstPage"/> when it was already read.</summary>
        public static ListingFeed Under(
            IAmazonS3 client, DataSource source, string bucket, string? prefix, ListObjectsV2Response? firstPage, int pageSize, ListingSplit? split, CancellationToken cancellation) =>
            new ListingFeed(client, source, bucket, prefix, firstPage, null, long.MaxValue, pageSize, DefaultPagesAhead, split, cancellation);

        /// <summary>The keys under <paramref name="prefix"/> up to <paramref name="lastKey"/>, stopping after <paramref name="budget"/> keys.</summary>
        public static ListingFeed UpTo(
            IAmazonS3 client, DataSource source, string bucket, string prefix, string lastKey, long budget, int pageSize, int pagesAhead, ListingSplit? split,
            CancellationToken cancellation) =>
            new ListingFeed(client, source, bucket, prefix, null, lastKey, budget, pageSize, pagesAhead, split, cancellation);

        /// <summary>The next page, or null when the listing is over; throws what the listing failed with.</summary>
        public async Task<ListedPage?> NextAsync(CancellationToken cancellation)
        {
            if (await _pages.Reader.WaitToReadAsync(cancellation).ConfigureAwait(false) && _pages.Reader.TryRead(out var page))
            {
                return page;
            }

            CoveredScope = _coveredAll;
            return null;
        }

        /// <summary>Stops listing and waits for the requests in flight: no request may outlive the client it was sent with.</summary>
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

        private async Task ListAsync(ListObjectsV2Response? firstPage, CancellationToken cancellation)
        {
            try
            {
                var first = new KeyRange(string.Empty, _lastKey);
                var ranges = new List<KeyRange> { first };
                if (firstPage == null && _split?.Keys != null && _split.Ranges > 1)
                {
                    // The split keys are known (the store's): the other ranges start as soon as the first page has kept
                    // us waiting long enough to say the endpoint is far, not a round trip later when it arrives.
                    first.Pending = FetchAsync(first, null, cancellation);
                    if (await Task.WhenAny(first.Pending, Task.Delay(_split.MinLatency, cancellation)).ConfigureAwait(false) != first.Pending)
                    {
                        ranges.AddRange(await SplitAsync(first, cancellation).ConfigureAwait(false));
                    }
                }
                else
                {
                    var clock = Stopwatch.StartNew();
                    var page = firstPage ?? await FetchAsync(first, null, cancellation).ConfigureAwait(false);
                    var latency = firstPage == null ? clock.Elapsed : TimeSpan.MaxValue;
                    first.Continuation = await TakeAsync(first, page, cancellation).ConfigureAwait(false);
                    if (first.Continuation != null && _split != null && _split.Ranges > 1 && latency >= _split.MinLatency)
                    {
                        ranges.AddRange(await SplitAsync(first, cancellation).ConfigureAwait(false));
                    }
                }

                Volatile.Write(ref _ranges, ranges.Count);
                await ListRangesAsync(ranges, Math.Min(ranges.Count, _split?.Ranges ?? 1), cancellation).ConfigureAwait(false);
                _coveredAll = !_budgetSpent && ranges.All(r => r.Done);
                _pages.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                // The reader gets the failure (or the cancellation) when it asks for the next page.
                _pages.Writer.TryComplete(_failure ?? ex);
            }
        }

        /// <summary>
        /// Cuts the rest of <paramref name="first"/> (after the keys listed so far) at the split keys:
        /// it keeps the keys up to the first of them, and each further range runs from one split key to the next.
        /// </summary>
        private async Task<List<KeyRange>> SplitAsync(KeyRange first, CancellationToken cancellation)
        {
            var candidates = _split!.Keys ?? await CommonPrefixesAsync(first.After, cancellation).ConfigureAwait(false);
            var keys = candidates.Where(k => Utf8Order.Compare(k, first.After) > 0 && (_lastKey == null || Utf8Order.Compare(k, _lastKey) < 0)).ToList();
            var most = _split.Ranges * RangesPerWorker;
            if (keys.Count >= most)
            {
                // Evenly spaced among the candidates, as many as the workers can balance.
                keys = Enumerable.Range(1, most - 1).Select(i => keys[(int)((long)i * keys.Count / most)]).Distinct().ToList();
            }

            var ranges = new List<KeyRange>();
            if (keys.Count == 0)
            {
                return ranges;
            }

            first.Last = keys[0];
            for (var i = 0; i < keys.Count; i++)
            {
                ranges.Add(new KeyRange(keys[i], i + 1 < keys.Count ? keys[i + 1] : _lastKey));
            }

            return ranges;
        }

        /// <summary>
        /// Common prefixes (delimiter "/") after <paramref name="after"/>: those of the scope, or, when
        /// it has fewer than two there, those one or two folders deeper along <paramref name="after"/>'s path.
        /// </summary>
        private async Task<IReadOnlyList<string>> CommonPrefixesAsync(string after, CancellationToken cancellation)
        {
            var best = (IReadOnlyList<string>)Array.Empty<string>();
            var level = _prefix ?? string.Empty;
            for (var depth = 0; depth < PrefixLevels; depth++)
            {
                var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = level.Length == 0 ? null : level, Delimiter = "/", StartAfter = after, MaxKeys = _pageSize };
                var response = await SourceConnector.CallAsync(_source, $"bucket '{_bucket}'", () => _client.ListObjectsV2Async(request, cancellation), cancellation).ConfigureAwait(false);
                var found = (response.CommonPrefixes ?? new List<string>()).Where(p => Utf8Order.Compare(p, after) > 0).ToList();
                if (found.Count > best.Count)
                {
                    best = found;
                }

                var slash = after.IndexOf('/', level.Length);
                if (best.Count >= 2 || slash < 0)
                {
                    break;
                }

                level = after.Substring(0, slash + 1);
            }

            return best;
        }

        /// <summary>Lists the ranges, <paramref name="workers"/> at a time in key order; the first failure stops them all.</summary>
        private async Task ListRangesAsync(IReadOnlyList<KeyRange> ranges, int workers, CancellationToken cancellation)
        {
            var queue = new ConcurrentQueue<KeyRange>(ranges);
            using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            async Task WorkAsync()
            {
                try
                {
                    while (!_budgetSpent && queue.TryDequeue(out var range))
                    {
                        await ListRangeAsync(range, failed.Token).ConfigureAwait(false);
                    }
                }
                catch (Exception ex)
                {
                    if (!(ex is OperationCanceledException))
                    {
                        Interlocked.CompareExchange(ref _failure, ex, null);
                    }

                    failed.Cancel();
                    throw;
                }
            }

            await Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(WorkAsync))).ConfigureAwait(false);
        }

        private async Task ListRangeAsync(KeyRange range, CancellationToken cancellation)
        {
            while (!range.Done && !_budgetSpent)
            {
                var page = await (range.Pending ?? FetchAsync(range, range.Continuation, cancellation)).ConfigureAwait(false);
                range.Pending = null;
                range.Continuation = await TakeAsync(range, page, cancellation).ConfigureAwait(false);
                if (range.Continuation == null)
                {
                    return;
                }
            }
        }

        private Task<ListObjectsV2Response> FetchAsync(KeyRange range, string? continuation, CancellationToken cancellation) =>
            ItemSynchronizer.ListPageAsync(_client, _source, _bucket, _prefix, _pageSize, continuation, continuation == null && range.After.Length > 0 ? range.After : null, cancellation);

        /// <summary>
        /// Hands the page's keys of <paramref name="range"/> to the reader, with the key range they
        /// cover; returns the continuation token, or null when the range is done or the budget spent.
        /// </summary>
        private async Task<string?> TakeAsync(KeyRange range, ListObjectsV2Response page, CancellationToken cancellation)
        {
            IReadOnlyList<S3Object> objects = page.S3Objects ?? new List<S3Object>();
            var continuation = ItemSynchronizer.NextPage(page, _source, _bucket);
            var ended = continuation == null;
            var end = range.Last;
            if (end != null && objects.Count > 0 && Utf8Order.Compare(objects[objects.Count - 1].Key, end) >= 0)
            {
                ended = true;
                objects = objects.Where(o => Utf8Order.Compare(o.Key, end) <= 0).ToList();
            }

            Interlocked.Add(ref _listed, objects.Count);
            if (ended)
            {
                await _pages.Writer.WriteAsync(new ListedPage(objects, range.After, range.Last), cancellation).ConfigureAwait(false);
                range.Done = true;
                return null;
            }

            if (objects.Count > 0)
            {
                var last = objects[objects.Count - 1].Key;
                await _pages.Writer.WriteAsync(new ListedPage(objects, range.After, last), cancellation).ConfigureAwait(false);
                range.After = last;
            }

            if (Interlocked.Read(ref _listed) >= _budget)
            {
                _budgetSpent = true;
                return null;
            }

            return continuation;
        }

        /// <summary>The keys after <see cref="After"/> up to <see cref="Last"/> (null: to the end), listed by one worker.</summary>
        private sealed class KeyRange
        {
            public KeyRange(string after, string? last)
            {
                After = after;
                Last = last;
            }

            /// <summary>The last key handed to the reader, or where the range starts.</summary>
            public string After { get; set; }

            public string? Last { get; set; }

            public string? Continuation { get; set; }

            /// <summary>The range's first page, asked for before the range was cut (see ListAsync).</summary>
            public Task<ListObjectsV2Response>? Pending { get; set; }

            public bool Done { get; set; }
        }
    }
}
