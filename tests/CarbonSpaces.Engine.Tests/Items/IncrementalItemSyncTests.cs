using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    /// <summary>Small buckets listed 7 keys a page, so every change lands on page boundaries somewhere.</summary>
    public sealed class IncrementalItemSyncTests
    {
        private const int PageSize = 7;

        [Fact]
        public async Task AddedChangedAndRemovedObjectsAreEachReportedOnce()
        {
            using var world = await S3World.CreateAsync(PageSize, 40);
            await world.SyncAsync();

            await TestS3.PutAsync(world.Client, world.Bucket, "key-000a", "new in the first page");
            await TestS3.PutAsync(world.Client, world.Bucket, "key-020a", "new in the middle");
            await TestS3.PutAsync(world.Client, world.Bucket, "key-999", "new after the last key");
            await TestS3.PutAsync(world.Client, world.Bucket, "key-005", "changed content, longer than before");
            await TestS3.PutAsync(world.Client, world.Bucket, "key-013", "changed too");
            foreach (var key in new[] { "key-000", "key-006", "key-007", "key-039" })
            {
                await world.Client.DeleteObjectAsync(world.Bucket, key);
            }

            var result = await world.SyncAsync();

            Assert.Equal(3, result.Added);
            Assert.Equal(2, result.Updated);
            Assert.Equal(4, result.Removed);
            Assert.Equal(39, result.Objects);
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task ChangesThatKeepAPageItsSizeAreFound()
        {
            // Each change leaves its page as many objects as before, so only the fingerprints tell.
            using var world = await S3World.CreateAsync(PageSize, 40);
            await world.SyncAsync();
            var before = world.Engine.Items.Query(new ItemQuery { Kind = ItemKind.File }).Single(i => i.Key == "key-003");

            await TestS3.PutAsync(world.Client, world.Bucket, "key-003", new string('x', (int)before.Size!.Value));
            await world.Client.DeleteObjectAsync(world.Bucket, "key-010");
            await TestS3.PutAsync(world.Client, world.Bucket, "key-010a", "takes the place of key-010");

            var result = await world.SyncAsync();

            Assert.Equal((1, 1, 1), (result.Added, result.Updated, result.Removed));
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task ItemsStoredWithoutFingerprintsAreComparedRowByRowAndGetThemOnce()
        {
            // As a store written before schema step 4 holds them.
            using var world = await S3World.CreateAsync(PageSize, 20);
            await world.SyncAsync();
            await TestS3.PutAsync(world.Client, world.Bucket, "key-004", "changed while the store had no fingerprints");
            Assert.Equal(20, world.ExecuteOnStore("UPDATE items SET fingerprint = NULL WHERE kind = 1;"));

            var first = await world.SyncAsync();
            var second = await world.SyncAsync();

            Assert.Equal((0, 1, 0), (first.Added, first.Updated, first.Removed));
            Assert.Equal((0, 0, 0), (second.Added, second.Updated, second.Removed));
            Assert.Equal(0, world.ExecuteOnStore("UPDATE items SET fingerprint = fingerprint WHERE kind = 1 AND fingerprint IS NULL;"));
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task AnUnchangedPageIsRecognisedByItsFingerprintsWithoutComparingItsRows()
        {
            // A stored size no listing could fix unless the page were compared row by row.
            using var world = await S3World.CreateAsync(PageSize, 20);
            await world.SyncAsync();
            Assert.Equal(1, world.ExecuteOnStore("UPDATE items SET size = 424242 WHERE key = 'key-009';"));

            var again = await world.SyncAsync();

            Assert.Equal((0, 0, 0), (again.Added, again.Updated, again.Removed));
            Assert.Equal(424242, world.Engine.Items.Query(new ItemQuery { Kind = ItemKind.File }).Single(i => i.Key == "key-009").Size);
        }

        [Fact]
        public async Task ARangeWithManyMoreStoredRowsThanListedOnesIsComparedWithoutOverflowingTheSum()
        {
            // Fingerprints are 48-bit; these stand-ins are large enough to overflow a sum over the whole range.
            using var world = await S3World.CreateAsync(PageSize, 3);
            await world.SyncAsync();
            var parent = world.Engine.Items.Query(new ItemQuery { Kind = ItemKind.Bucket }).Single().Id;
            for (var i = 0; i < 10; i++)
            {
                world.ExecuteOnStore(
                    "INSERT INTO items (data_source_id, kind, bucket, key, name, parent_id, size, etag, last_modified, file_format, fingerprint) "
                    + $"SELECT data_source_id, 1, bucket, 'stale-{i}', 'stale-{i}', {parent}, 1, NULL, NULL, 'TXT', {1L << 61} FROM items WHERE id = {parent};");
            }

            var result = await world.SyncAsync();

            Assert.Equal(10, result.Removed);
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task EmptyingABucketRemovesAllItsObjectsButKeepsTheBucket()
        {
            using var world = await S3World.CreateAsync(PageSize, 10);
            await world.SyncAsync();
            for (var i = 0; i < 10; i++)
            {
                await world.Client.DeleteObjectAsync(world.Bucket, $"key-{i:D3}");
            }

            var result = await world.SyncAsync();

            Assert.Equal(10, result.Removed);
            Assert.Single(world.Engine.Items.Query(new ItemQuery()));
        }

        [Fact]
        public async Task ABucketDeletedAtTheSourceIsRemovedWithItsObjects()
        {
            using var world = await S3World.CreateAsync(PageSize, 9);
            var other = await AddBucketAsync(world, "kept.txt");
            await world.SyncAsync();

            await TestS3.DeleteBucketAsync(world.Client, world.Bucket);
            var result = await world.SyncAsync();

            Assert.Equal(10, result.Removed);
            var left = world.Engine.Items.Query(new ItemQuery());
            Assert.Equal(new[] { "kept.txt", other }, left.Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal));
        }

        [Fact]
        public async Task SyncingOneBucketLeavesTheOtherBucketsAlone()
        {
            using var world = await S3World.CreateAsync(PageSize, 5);
            var other = await AddBucketAsync(world, "other.txt");

            var result = await world.SyncAsync(other);

            Assert.Equal(1, result.Buckets);
            Assert.Equal(1, result.Objects);
            Assert.Equal(new[] { other }, world.Engine.Items.Query(new ItemQuery()).Select(i => i.Bucket).Distinct());
        }

        [Fact]
        public async Task TheNextBucketIsAskedForWhileABucketIsListed()
        {
            using var world = await S3World.CreateAsync(PageSize, 20);
            var other = await AddBucketAsync(world, "other.txt");
            var listings = 0;
            var overlapped = false;
            world.Requests.BeforeRequest = operation =>
            {
                // Holds the first listing request until another one is sent, which only the next bucket's can be.
                if (operation == "ListObjectsV2" && Interlocked.Increment(ref listings) == 1)
                {
                    overlapped = SpinWait.SpinUntil(() => Volatile.Read(ref listings) > 1, TimeSpan.FromSeconds(10));
                }
            };

            var result = await world.SyncAsync();

            Assert.True(overlapped, "no listing request was sent while the first one was held");
            Assert.Equal(2, result.Buckets);
            Assert.Equal(21, result.Objects);
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task ACancelledSyncLeavesAConsistentStoreThatTheNextRunCompletes()
        {
            using var world = await S3World.CreateAsync(PageSize, 120);
            using var cancel = new CancellationTokenSource();
            var reporter = new CancelAfterPages(cancel, pages: 3);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => world.Engine.ItemSync.SyncAsync(world.Source.Id, null, reporter, cancel.Token));
            var partial = world.Engine.Items.Query(new ItemQuery { Kind = ItemKind.File }).Count;
            Assert.InRange(partial, 1, 119);
            Assert.Equal(DataSourceStatus.Ready, world.Engine.DataSources.Get(world.Source.Id).SyncStatus);

            var result = await world.SyncAsync();

            Assert.Equal(120 - partial, result.Added);
            Assert.Equal(0, result.Removed);
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task ABucketSharedByAnotherAccountIsKeptAlthoughListBucketsDoesNotShowIt()
        {
            using var world = await S3World.CreateAsync(PageSize, 3);
            var owner = TestS3.NewUser();
            using var ownerClient = TestS3.ClientFor(owner);
            var shared = TestS3.UniqueBucket("shared");
            await TestS3.CreateBucketAsync(ownerClient, shared);
            await TestS3.PutAsync(ownerClient, shared, "shared.txt", "shared with the world's user");
            await ownerClient.PutBucketPolicyAsync(shared, SharePolicy(shared, world.UserId));

            await world.SyncAsync(shared);
            var whole = await world.SyncAsync();

            Assert.Equal(0, whole.Removed);
            Assert.Contains(shared, whole.CompletedBucketNames);
            Assert.Single(world.Engine.Items.Query(new ItemQuery { Buckets = new[] { shared }, Kind = ItemKind.File }));
        }

        /// <summary>A second bucket of the world's user, holding one object.</summary>
        private static async Task<string> AddBucketAsync(S3World world, string key)
        {
            var bucket = TestS3.UniqueBucket("other");
            await TestS3.CreateBucketAsync(world.Client, bucket);
            await TestS3.PutAsync(world.Client, bucket, key, "x");
            return bucket;
        }

        private static string SharePolicy(string bucket, string userId) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam:::user/" + userId + "\"]},"
            + "\"Action\":[\"s3:ListBucket\",\"s3:GetObject\"],\"Resource\":[\"arn:aws:s3:::" + bucket + "\",\"arn:aws:s3:::" + bucket + "/*\"]}]}";

        private sealed class CancelAfterPages : IOperationReporter
        {
            private readonly CancellationTokenSource _cancel;
            private readonly int _pages;
            private int _seen;

            public CancelAfterPages(CancellationTokenSource cancel, int pages)
            {
                _cancel = cancel;
                _pages = pages;
            }

            public void Verbose(string message)
            {
                if (message.Contains(": page ") && Interlocked.Increment(ref _seen) == _pages)
                {
                    _cancel.Cancel();
                }
            }

            public void Warning(string message)
            {
            }

            public void Progress(OperationProgress progress)
            {
            }

            public void Error(CarbonSpacesException error)
            {
            }
        }
    }
}
