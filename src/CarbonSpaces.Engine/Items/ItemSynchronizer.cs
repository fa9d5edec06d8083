using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using Amazon.S3.Model;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Items
{
    /// <summary>
    /// Loads every bucket and object of a data source into items, incrementally. Listing and
    /// writing overlap: the next page is fetched while the last one is written, each page in its
    /// own transaction, so memory stays flat whatever the object count and an interrupted sync
    /// leaves a consistent store that the next run completes.
    /// </summary>
    public sealed class ItemSynchronizer
    {
        private readonly IStore _store;
        private readonly EventLog _events;
        private readonly SourceConnector _connector;
        private readonly IDataSourceStore _sources;
        private readonly int _pageSize;
        private readonly int _ranges;
        private readonly TimeSpan _rangeLatency;

        internal ItemSynchronizer(IStore store, EventLog events, SourceConnector connector, S3ClientSettings settings)
        {
            _pageSize = settings.ListPageSize;
            _ranges = settings.ListingRanges;
            _rangeLatency = settings.ListingRangeLatency;
            _store = store;
            _events = events;
            _connector = connector;
            _sources = store.DataSources;
        }

        /// <param name="bucket">Only this bucket; null for every bucket the key can list.</param>
        public async Task<ItemSyncResult> SyncAsync(long dataSourceId, string? bucket, IOperationReporter reporter, CancellationToken cancellation)
        {
            var stopwatch = Stopwatch.StartNew();
            var source = _sources.Get(dataSourceId);
            var result = new ItemSyncResult { DataSourceId = source.Id, Bucket = bucket };
            using var connection = _connector.Open(source);
            var client = connection.Client;

            // A bucket that does not exist is a mistake in the request, not a failed sync: it is
            // reported before the data source is marked as syncing. Its first page tells.
            // The first request's time tells whether the endpoint is far enough to list key ranges side by side.
            var clock = Stopwatch.StartNew();
            var firstPage = bucket == null ? null : await ListPageAsync(client, source, bucket, null, _pageSize, null, null, cancellation).ConfigureAwait(false);
            var roundTrip = clock.Elapsed;
            IReadOnlyList<S3Bucket>? buckets = bucket == null ? null : new[] { new S3Bucket { BucketName = bucket } };
            _sources.SetSyncState(null, source.Id, DataSourceStatus.Syncing, null, null);
            try
            {
                if (buckets == null)
                {
                    clock.Restart();
                    buckets = await BucketsToSyncAsync(client, source, reporter, cancellation).ConfigureAwait(false);
                    roundTrip = clock.Elapsed;
                }

                result.Buckets = buckets.Count;
                reporter.Verbose($"{source.Subject}: {buckets.Count} bucket(s) to list.");

                var bucketIds = UpsertBuckets(source, buckets, result);
                await SyncBucketsAsync(client, source, buckets, bucketIds, bucket, firstPage, roundTrip >= _rangeLatency, result, reporter, cancellation).ConfigureAwait(false);

                result.Duration = stopwatch.Elapsed;
                Finish(source, result);
                reporter.Progress(new OperationProgress(Activity(source), "Done", 100, completed: true));
                return result;
            }
            catch (Exception ex)
            {
                var cancelled = ex is OperationCanceledException && cancellation.IsCancellationRequested;
                _sources.SetSyncState(null, source.Id, cancelled ? DataSourceStatus.Ready : DataSourceStatus.SyncError, cancelled ? null : ex.Message, null);
                throw;
            }
        }

        /// <summary>
        /// Lists the buckets one after the other. Each bucket's listing starts while the bucket
        /// before it is listed, so a data source of many buckets does not wait a round trip for
        /// each. One bucket's failure is that bucket's only.
        /// </summary>
        /// <param name="requested">The one bucket asked for (its first page already read), or null for all of them.</param>
        /// <param name="far">The endpoint answered slowly enough that each bucket's listing is split into key ranges listed side by side.</param>
        private async Task SyncBucketsAsync(
            IAmazonS3 client, DataSource source, IReadOnlyList<S3Bucket> buckets, IReadOnlyDictionary<string, long> bucketIds, string? requested, ListObjectsV2Response? requestedFirstPage,
            bool far, ItemSyncResult result, IOperationReporter reporter, CancellationToken cancellation)
        {
            ListingFeed? next = null;
            try
            {
                for (var i = 0; i < buckets.Count; i++)
                {
                    cancellation.ThrowIfCancellationRequested();
                    var name = buckets[i].BucketName;
                    var listing = next ?? ListingFeed.Under(client, source, name, null, name == requested ? requestedFirstPage : null, _pageSize, far ? Split(source.Id, name) : null, cancellation);
                    var following = i + 1 < buckets.Count ? buckets[i + 1].BucketName : null;
                    next = following == null ? null : ListingFeed.Under(client, source, following, null, null, _pageSize, far ? Split(source.Id, following) : null, cancellation);
                    try
                    {
                        await SyncBucketAsync(listing, source, name, bucketIds[name], result, i, buckets.Count, reporter, cancellation).ConfigureAwait(false);
                        result.CompletedBucketNames.Add(name);
                    }
                    catch (CarbonSpacesException ex) when (requested == null && ex.ErrorId == "CarbonSpaces.BucketNotFound")
                    {
                        // Known from an earlier sync and gone now: the listing confirms it, so its items go.
                        result.Removed += RemoveBucket(bucketIds[name]);
                        result.Buckets--;
                        result.CompletedBucketNames.Add(name);
                    }
                    catch (CarbonSpacesException ex) when (requested == null)
                    {
                        // One unreadable bucket must not hide the others; its items stay as they were.
                        result.FailedBucketNames.Add(name);
                        reporter.Error(ex);
                    }
                }
            }
            finally
            {
                // Stopped or failed first: the listing started ahead must not outlive the client.
                if (next != null)
                {
                    await next.StopAsync().ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Every bucket ListBuckets shows, plus every bucket known from earlier syncs: a bucket
        /// shared from another account, or added with -Bucket, is not in ListBuckets but is still
        /// there. A known bucket is removed only when listing it says it no longer exists. A key
        /// that may not list buckets syncs the buckets already known.
        /// </summary>
        private async Task<IReadOnlyList<S3Bucket>> BucketsToSyncAsync(IAmazonS3 client, DataSource source, IOperationReporter reporter, CancellationToken cancellation)
        {
            var known = _store.Items.BucketNames(source.Id);
            var buckets = new Dictionary<string, S3Bucket>(StringComparer.Ordinal);
            try
            {
                foreach (var listed in await ListBucketsAsync(client, source, cancellation).ConfigureAwait(false))
                {
                    buckets[listed.BucketName] = listed;
                }
            }
            catch (CarbonSpacesException ex) when (ex.ErrorId == "CarbonSpaces.AccessDenied")
            {
                if (known.Count == 0)
                {
                    throw new CarbonSpacesException(
                        "CarbonSpaces.CannotListBuckets",
                        FailureKind.PermissionDenied,
                        $"Access key '{source.AccessKeyId}' of {source.Subject} may not list buckets. Name them once with Sync-CarbonItem -Bucket <name>; later syncs then keep those buckets up to date.",
                        source.Id,
                        ex);
                }

                reporter.Warning($"Access key '{source.AccessKeyId}' may not list buckets; syncing the {known.Count} bucket(s) already known.");
            }

            foreach (var name in known.Where(name => !buckets.ContainsKey(name)))
            {
                buckets[name] = new S3Bucket { BucketName = name };
            }

            return buckets.Values.OrderBy(b => b.BucketName, StringComparer.Ordinal).ToList();
        }

        private static async Task<IReadOnlyList<S3Bucket>> ListBucketsAsync(IAmazonS3 client, DataSource source, CancellationToken cancellation)
        {
            var buckets = new List<S3Bucket>();
            string? continuation = null;
            do
            {
                var request = new ListBucketsRequest { ContinuationToken = continuation };
                var response = await SourceConnector.CallAsync(source, source.Subject, () => client.ListBucketsAsync(request, cancellation), cancellation).ConfigureAwait(false);
                buckets.AddRange(response.Buckets ?? new List<S3Bucket>());
                continuation = string.IsNullOrEmpty(response.ContinuationToken) ? null : response.ContinuationToken;
            }
            while (continuation != null);
            return buckets;
        }

        /// <summary>Removes a bucket item and its objects; returns how many items went.</summary>
        private long RemoveBucket(long bucketItemId)
        {
            using var work = _store.BeginWrite();
            var removed = _store.Items.RemoveBucket(work, bucketItemId);
            work.Commit();
            return removed;
        }

        /// <summary>Saves the bucket items and returns their ids by name.</summary>
        private Dictionary<string, long> UpsertBuckets(DataSource source, IReadOnlyList<S3Bucket> buckets, ItemSyncResult result)
        {
            using var work = _store.BeginWrite();
            var known = _store.Items.BucketItems(source.Id, work);

            var ids = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var bucket in buckets)
            {
                var created = ObjectTimestamps.ToStoredSeconds(bucket.CreationDate);
                if (known.TryGetValue(bucket.BucketName, out var existing))
                {
                    ids[bucket.BucketName] = existing.Id;
                    if (created.HasValue && created != existing.Created)
                    {
                        _store.Items.SetBucketCreated(work, existing.Id, created.Value);
                        result.Updated++;
                    }

                    continue;
                }

                ids[bucket.BucketName] = _store.Items.AddBucket(work, source.Id, bucket.BucketName, created);
                result.Added++;
            }

            work.Commit();
            return ids;
        }

        /// <summary>Writes a bucket's listing page by page as it comes, then stops it (done or failed).</summary>
        private async Task SyncBucketAsync(
            ListingFeed listing, DataSource source, string bucket, long bucketItemId, ItemSyncResult result,
            int bucketIndex, int bucketCount, IOperationReporter reporter, CancellationToken cancellation)
        {
            try
            {
                using var writer = new ItemPageWriter(_store, source.Id, bucket, bucketItemId);
                var pageNumber = 0;
                while (await listing.NextAsync(cancellation).ConfigureAwait(false) is { } page)
                {
                    cancellation.ThrowIfCancellationRequested();
                    pageNumber++;
                    var objects = page.Objects;
                    EnsureAscending(objects, page.After, source, bucket);
                    var changes = writer.Apply(objects, page.After, page.Last);

                    result.Objects += changes.Objects;
                    result.Added += changes.Added;
                    result.Updated += changes.Updated;
                    result.Removed += changes.Removed;
                    reporter.Verbose($"{bucket}: page {pageNumber}, {objects.Count} keys (+{changes.Added} ~{changes.Updated} -{changes.Removed}).");
                    reporter.Progress(new OperationProgress(
                        Activity(source),
                        $"Bucket {bucketIndex + 1} of {bucketCount}; {result.Objects:N0} objects",
                        bucketCount == 0 ? -1 : (int)(100.0 * bucketIndex / bucketCount),
                        bucket));
                }
            }
            finally
            {
                await listing.StopAsync().ConfigureAwait(false);
            }
        }

        /// <summary>
        /// How the listing of <paramref name="bucket"/> may split: at keys spread evenly over its
        /// items in the store (a re-sync), or at its common prefixes when the store holds too few.
        /// </summary>
        private ListingSplit? Split(long dataSourceId, string bucket)
        {
            if (_ranges < 2)
            {
                return null;
            }

            var stored = _store.Items.CountObjects(dataSourceId, bucket);
            var keys = ListingSplit.EvenKeys(stored, _pageSize, _ranges, at => _store.Items.ObjectKeyAt(dataSourceId, bucket, at));
            return new ListingSplit(keys.Count > 0 ? keys : null, _ranges, TimeSpan.Zero);
        }

        /// <summary>One page of a bucket's listing, under <paramref name="prefix"/> (null or empty for the whole bucket), after <paramref name="startAfter"/> when there is no continuation token.</summary>
        internal static Task<ListObjectsV2Response> ListPageAsync(
            IAmazonS3 client, DataSource source, string bucket, string? prefix, int pageSize, string? continuation, string? startAfter, CancellationToken cancellation)
        {
            var whole = string.IsNullOrEmpty(prefix);
            var request = new ListObjectsV2Request { BucketName = bucket, Prefix = whole ? null : prefix, ContinuationToken = continuation, StartAfter = startAfter, MaxKeys = pageSize };
            var subject = whole ? $"bucket '{bucket}'" : $"'{bucket}/{prefix}*'";
            return SourceConnector.CallAsync(source, subject, () => client.ListObjectsV2Async(request, cancellation), cancellation);
        }

        /// <summary>The continuation token, or null after the last page; a truncated page without one would silently cut the listing short.</summary>
        internal static string? NextPage(ListObjectsV2Response page, DataSource source, string bucket)
        {
            if (page.IsTruncated != true)
            {
                return null;
            }

            return string.IsNullOrEmpty(page.NextContinuationToken)
                ? throw new CarbonSpacesException(
                    "CarbonSpaces.IncompleteListing",
                    FailureKind.InvalidData,
                    $"{source.ParsedEndpoint.DisplayName} said the listing of bucket '{bucket}' goes on but gave no continuation token, so the rest cannot be listed. Nothing was removed; report this endpoint to the CarbonSpaces maintainers.",
                    bucket)
                : page.NextContinuationToken;
        }

        /// <summary>Removal is inferred from key ranges, which is only sound if the server lists in key order as S3 promises.</summary>
        private static void EnsureAscending(IReadOnlyList<S3Object> objects, string after, DataSource source, string bucket)
        {
            var previous = after;
            for (var i = 0; i < objects.Count; i++)
            {
                if ((i > 0 || previous.Length > 0) && Utf8Order.Compare(objects[i].Key, previous) <= 0)
                {
                    throw new CarbonSpacesException(
                        "CarbonSpaces.UnorderedListing",
                        FailureKind.InvalidData,
                        $"{source.ParsedEndpoint.DisplayName} listed bucket '{bucket}' out of key order ('{objects[i].Key}' after '{previous}'), so removed objects cannot be told apart safely. Nothing was removed; report this endpoint to the CarbonSpaces maintainers.",
                        bucket);
                }

                previous = objects[i].Key;
            }
        }

        private void Finish(DataSource source, ItemSyncResult result)
        {
            using var transaction = _store.BeginWrite();
            _sources.SetSyncState(transaction, source.Id, DataSourceStatus.Ready, null, DateTimeOffset.UtcNow);
            _events.Append(transaction, EventTypes.ItemsSynced, source.Id, null,
                $"Items synced{(result.Bucket == null ? string.Empty : $" for bucket '{result.Bucket}'")}: {result.Buckets} bucket(s), {result.Objects} object(s); +{result.Added} ~{result.Updated} -{result.Removed}.");
            transaction.Commit();
        }

        private static string Activity(DataSource source) => $"Syncing items of {source.Subject}";
    }
}
