using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Tests.TestSupport;
using CarbonSpaces.Tests.Shared;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest
{
    /// <summary>File syncs and resyncs whose listings split into key ranges listed side by side (as against a far endpoint).</summary>
    public sealed class RangeListingSyncTests
    {
        private const int Files = 120;

        [Fact]
        public async Task AFileSyncListedInRangesQueuesEveryObjectOnce()
        {
            using var world = await SplittingWorldAsync();

            var finished = await SyncAsync(world);

            Assert.Equal(Files, finished.Count);
            Assert.All(finished.Values, f => Assert.Equal(FileStatus.Ready, f.SyncStatus));
            Assert.Equal(Files, world.Engine.Files.Count(new FileQuery()));
            // 120 keys are 14 pages in one sequence; ranges whose edges fall inside a page ask for that page twice.
            Assert.True(world.Requests["ListObjectsV2"] > 14, $"the listing was split: {world.Requests["ListObjectsV2"]} requests");
        }

        [Fact]
        public async Task AResyncListedInRangesFindsFilesGoneAndChangedInEveryRange()
        {
            using var world = await SplittingWorldAsync();
            await SyncAsync(world);
            var gone = new[] { "notes/000/note-0000.txt", "notes/003/note-0041.txt", "notes/006/note-0077.txt", "notes/009/note-0119.txt" };
            var changed = new[] { "notes/001/note-0012.txt", "notes/005/note-0070.txt", "notes/009/note-0118.txt" };
            foreach (var key in gone)
            {
                await world.Client.DeleteObjectAsync(world.Bucket, key);
            }

            foreach (var key in changed)
            {
                await TestS3.PutAsync(world.Client, world.Bucket, key, "Changed since the last sync: wombatnew.");
            }

            world.Requests.Reset();
            var finished = new ConcurrentBag<SyncedFile>();
            var ids = world.Engine.Files.Query(new FileQuery()).Select(f => f.Id).ToList();

            await world.Engine.Resync.ResyncAsync(ids, new ResyncRequest(), finished.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(Files, finished.Count);
            Assert.Equal(gone.OrderBy(k => k), finished.Where(f => f.SyncStatus == FileStatus.SyncError).Select(f => f.Key).OrderBy(k => k));
            Assert.Equal(changed.Length, world.Requests["GetObject"]);
            Assert.Equal(0, world.Requests["GetObjectMetadata"]);
            // 116 keys are 13 pages in one sequence.
            Assert.True(world.Requests["ListObjectsV2"] > 13, $"the listing was split: {world.Requests["ListObjectsV2"]} requests");
            Assert.Equal(changed.Length, world.Engine.Search.Search(new SearchQuery { Text = "wombatnew" }).Count);
        }

        [Fact]
        public async Task ThroughAFarEndpointAResyncStartsItsOtherRangesBeforeItsFirstPageComesBack()
        {
            // A round trip long enough that nothing sent within it can have waited for the first page.
            var roundTrip = TimeSpan.FromMilliseconds(600);
            using var proxy = new LatencyProxy(TestS3.Server.Endpoint, roundTrip);
            using var world = await S3World.CreateAsync(3, endpoint: proxy.Endpoint, configure: settings => settings.ListingRanges = 4);
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, 24).Select(i => new KeyValuePair<string, string>($"memo-{i:D2}.txt", $"Memo {i}.")));
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, ThrottleLimit = 24 },
                _ => { },
                SilentReporter.Instance,
                CancellationToken.None);
            var listingsSent = new ConcurrentQueue<long>();
            world.Requests.BeforeRequest = operation =>
            {
                if (operation == "ListObjectsV2")
                {
                    listingsSent.Enqueue(System.Diagnostics.Stopwatch.GetTimestamp());
                }
            };

            var finished = new ConcurrentBag<SyncedFile>();
            var ids = world.Engine.Files.Query(new FileQuery()).Select(f => f.Id).ToList();
            await world.Engine.Resync.ResyncAsync(ids, new ResyncRequest(), finished.Add, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(24, finished.Count(f => f.SyncStatus == FileStatus.Ready));
            var sent = listingsSent.OrderBy(t => t).ToList();
            Assert.True(sent.Count >= 2, $"the resync listed in {sent.Count} request(s), not in ranges");
            var secondAfterFirst = TimeSpan.FromSeconds((double)(sent[1] - sent[0]) / System.Diagnostics.Stopwatch.Frequency);
            Assert.True(secondAfterFirst < roundTrip, $"the second range was asked for {secondAfterFirst.TotalMilliseconds:N0} ms after the first page, which takes {roundTrip.TotalMilliseconds:N0} ms");
        }

        /// <summary>Ten folders of twelve notes, listed nine keys a page, in up to 4 ranges whatever the server's latency.</summary>
        private static async Task<S3World> SplittingWorldAsync()
        {
            var world = await S3World.CreateAsync(9, configure: settings =>
            {
                settings.ListingRanges = 4;
                settings.ListingRangeLatency = TimeSpan.Zero;
            });
            await TestS3.PutManyAsync(world.Client, world.Bucket, Enumerable.Range(0, Files).Select(i => new KeyValuePair<string, string>($"notes/{i / 12:D3}/note-{i:D4}.txt", $"Note {i} is about topic{i % 7}.")));
            return world;
        }

        private static async Task<Dictionary<string, SyncedFile>> SyncAsync(S3World world)
        {
            var finished = new ConcurrentDictionary<string, SyncedFile>();
            await world.Engine.FileSync.SyncAsync(
                new FileSyncRequest { DataSourceId = world.Source.Id, Targets = new[] { SyncTarget.Under(world.Bucket) }, ThrottleLimit = 8 },
                f => finished[f.Key] = f,
                SilentReporter.Instance,
                CancellationToken.None);
            return new Dictionary<string, SyncedFile>(finished);
        }
    }
}
