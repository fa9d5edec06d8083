using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Tests.TestSupport;
using CarbonSpaces.Tests.Shared;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Items
{
    /// <summary>
    /// Listings split into key ranges listed side by side (as against a far endpoint) must give the
    /// store exactly what one sequential listing gives: no key twice, none lost at a range's edge,
    /// and items gone, changed or new on either side of an edge found on a re-sync.
    /// </summary>
    public sealed class RangeListingTests
    {
        private const int PageSize = 5;

        /// <summary>Key layouts: folders, one folder holding others, flat keys, and keys whose UTF-16 and UTF-8 orders differ.</summary>
        public static IEnumerable<object[]> Layouts() => new[]
        {
            new object[] { "folders", Keys(i => $"{"abcdefgh"[i % 8]}/{i:D3}.txt", 120) },
            new object[] { "nested", Keys(i => $"notes/{i / 12:D3}/note-{i:D4}.txt", 120) },
            new object[] { "flat", Keys(i => $"key-{i:D4}", 60) },
            new object[] { "unicode", Keys(i => $"{new[] { "a", "é", "日本", "\uFF5E", "😀", "z" }[i % 6]}/{(i % 3 == 0 ? "𝄞" : "\uFFFD")}-{i:D3}", 90) },
            new object[] { "markers", Keys(i => i % 10 == 0 ? $"{i / 10:D2}/" : $"{i / 10:D2}/{i:D3}", 100) },
        };

        [Theory]
        [MemberData(nameof(Layouts))]
        public async Task AFirstSyncInRangesStoresWhatASequentialListingHolds(string layout, string[] keys)
        {
            using var world = await SplittingWorldAsync(keys);

            var result = await world.SyncAsync(world.Bucket);

            Assert.True(keys.Length == result.Objects + keys.Count(k => k.EndsWith("/", StringComparison.Ordinal)), layout);
            await world.AssertStoreMatchesBucketAsync();
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public async Task AReSyncInRangesFindsChangesOnBothSidesOfEachEdge(string layout, string[] keys)
        {
            using var world = await SplittingWorldAsync(keys);
            await world.SyncAsync(world.Bucket);

            // The keys the re-sync splits at, and their neighbours, change: each edge sees a key gone,
            // one changed, and one new right after it.
            var stored = keys.Where(k => !k.EndsWith("/", StringComparison.Ordinal)).OrderBy(k => k, Comparer<string>.Create(Utf8Order.Compare)).ToList();
            var edges = ListingSplit.EvenKeys(stored.Count, PageSize, 4, at => stored[(int)at]);
            Assert.NotEmpty(edges);
            var removed = 0;
            foreach (var edge in edges)
            {
                var index = stored.IndexOf(edge);
                await world.Client.DeleteObjectAsync(world.Bucket, edge);
                await TestS3.PutAsync(world.Client, world.Bucket, stored[index + 1], "changed after the edge, longer than before");
                await TestS3.PutAsync(world.Client, world.Bucket, edge + "~new", "new right after the edge");
                removed++;
            }

            var result = await world.SyncAsync(world.Bucket);

            Assert.True((edges.Count, edges.Count, removed) == (result.Added, result.Updated, result.Removed), layout);
            await world.AssertStoreMatchesBucketAsync();
            var again = await world.SyncAsync(world.Bucket);
            Assert.Equal((0L, 0L, 0L), (again.Added, again.Updated, again.Removed));
        }

        [Fact]
        public async Task ItemsGoneFromAWholeRangeAreRemoved()
        {
            var keys = Keys(i => $"key-{i:D4}", 60);
            using var world = await SplittingWorldAsync(keys);
            await world.SyncAsync(world.Bucket);
            foreach (var key in keys.Skip(20).Take(30))
            {
                await world.Client.DeleteObjectAsync(world.Bucket, key);
            }

            var result = await world.SyncAsync(world.Bucket);

            Assert.Equal(30, result.Removed);
            await world.AssertStoreMatchesBucketAsync();
        }

        [Fact]
        public async Task AListingWhoseFirstPageCameSoonerThanTheThresholdIsOneSequenceOfPages()
        {
            // As near the server: its first page comes back sooner than the latency that splits.
            using var world = await S3World.CreateAsync(PageSize, configure: settings => settings.ListingRangeLatency = TimeSpan.FromMinutes(1));
            await TestS3.PutManyAsync(world.Client, world.Bucket, Keys(i => $"{"abcd"[i % 4]}/{i:D3}", 62).Select(k => new KeyValuePair<string, string>(k, k)));
            await world.SyncAsync(world.Bucket);
            world.Requests.Reset();

            await world.SyncAsync(world.Bucket);

            Assert.Equal(13, world.Requests["ListObjectsV2"]);
        }

        [Fact]
        public async Task ThroughAFarEndpointAReSyncListsItsRangesSideBySide()
        {
            using var proxy = new LatencyProxy(TestS3.Server.Endpoint, TimeSpan.FromMilliseconds(40));
            const int objects = 200;
            using var world = await S3World.CreateAsync(10, endpoint: proxy.Endpoint);
            await TestS3.PutManyAsync(world.Client, world.Bucket, Keys(i => $"key-{i:D4}", objects).Select(k => new KeyValuePair<string, string>(k, k)));
            await world.SyncAsync(world.Bucket);
            world.Requests.Reset();
            var connections = proxy.Connections;

            var result = await world.SyncAsync(world.Bucket);

            // 20 pages in 8 ranges: each range's last page may reach past its edge (one more request
            // each). Requests at once need connections of their own: a sequential listing uses one.
            Assert.Equal(objects, (int)result.Objects);
            Assert.InRange(world.Requests["ListObjectsV2"], objects / 10, (objects / 10) + 8);
            Assert.True(proxy.Connections - connections >= 4, $"{proxy.Connections - connections} connection(s) opened");
            await world.AssertStoreMatchesBucketAsync();
        }

        /// <summary>A world whose listings split into up to 4 ranges whatever the server's latency.</summary>
        private static async Task<S3World> SplittingWorldAsync(IEnumerable<string> keys)
        {
            var world = await S3World.CreateAsync(PageSize, configure: settings =>
            {
                settings.ListingRanges = 4;
                settings.ListingRangeLatency = TimeSpan.Zero;
            });
            await TestS3.PutManyAsync(world.Client, world.Bucket, keys.Select(k => new KeyValuePair<string, string>(k, k.EndsWith("/", StringComparison.Ordinal) ? string.Empty : k)));
            return world;
        }

        private static string[] Keys(Func<int, string> key, int count) => Enumerable.Range(0, count).Select(key).ToArray();
    }
}
