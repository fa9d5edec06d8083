using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;
using Fault = CarbonSpaces.Engine.Tests.TestSupport.FaultInjectingProxy.Fault;

namespace CarbonSpaces.Engine.Tests.Connections
{
    /// <summary>
    /// Dropped connections, bodies cut off mid-transfer and listings cut off mid-page, injected by a
    /// proxy in front of the real RGW: each is retried like throttling, what still fails after the
    /// retries is a CarbonSpaces.EndpointUnreachable error naming the endpoint and the object or
    /// bucket, for that object or bucket alone, and nothing partial is ever indexed.
    /// </summary>
    public sealed class NetworkFaultTests
    {
        private static readonly S3ClientSettings FastRetries = new S3ClientSettings { MaxErrorRetry = 2, ThrottleBaseDelay = TimeSpan.FromMilliseconds(10) };

        [Theory]
        [InlineData(Fault.CutBody, 4 * 1024)]
        [InlineData(Fault.CutBody, 3 * 1024 * 1024)]
        [InlineData(Fault.ResetDuringHeaders, 4 * 1024)]
        [InlineData(Fault.InternalError, 4 * 1024)]
        public async Task ADownloadThatFailsTwiceIsSentAgainAndItsFileHoldsTheWholeObject(Fault fault, int size)
        {
            var text = Text("whole", size);
            await using var world = await FaultWorld.CreateAsync(FastRetries, ("doc.txt", text));
            world.Proxy.Faults = r => r.Operation == "GetObject" && r.Attempt <= 2 ? fault : Fault.None;

            var files = await world.SyncFilesAsync(SyncTarget.Object(world.Bucket, "doc.txt"));

            var file = Assert.Single(files);
            Assert.Equal(FileStatus.Ready, file.SyncStatus);
            Assert.Equal(3, world.Proxy.RequestsFor("GetObject"));
            Assert.Equal(text.Length, file.Characters);
            Assert.Equal(size, file.Size);
            Assert.EndsWith(text.Substring(text.Length - 40).Trim(), world.Engine.Chunks.ForFile(file.Id).OrderBy(c => c.Index).Last().Content.Trim());
            Assert.Empty(world.Errors);
        }

        [Fact]
        public async Task ABodyCutOffOnEveryAttemptFailsItsFileAloneWithEndpointUnreachableAndIndexesNothing()
        {
            await using var world = await FaultWorld.CreateAsync(FastRetries, ("cut.txt", Text("cut", 8192)), ("fine.txt", Text("fine", 2048)));
            world.Proxy.FailEveryAttempt(Fault.CutBody, "GetObject", world.Bucket, "cut.txt");

            var files = await world.SyncFilesAsync(SyncTarget.Under(world.Bucket));

            var cut = files.Single(f => f.Key == "cut.txt");
            Assert.Equal(FileStatus.SyncError, cut.SyncStatus);
            Assert.Empty(world.Engine.Chunks.ForFile(cut.Id));
            Assert.Equal(FileStatus.Ready, files.Single(f => f.Key == "fine.txt").SyncStatus);
            Assert.Equal(1 + FastRetries.MaxErrorRetry, world.Proxy.Injected(Fault.CutBody));
            var error = Assert.Single(world.Errors);
            Assert.Equal(("CarbonSpaces.EndpointUnreachable", FailureKind.ConnectionFailed), (error.ErrorId, error.Kind));
            Assert.Equal($"'{world.Bucket}/cut.txt'", error.Target);
            Assert.StartsWith($"{world.EndpointName} dropped the connection for '{world.Bucket}/cut.txt' in the middle of the answer (the body broke off after 4,096 of 8,192 bytes), again after several retries. Check the endpoint name", error.Message);
            Assert.Equal(error.Message, cut.SyncErrorMessage);
        }

        [Fact]
        public async Task ABodyThatStallsIsGivenUpAfterTheRequestTimeoutAndSentAgain()
        {
            var text = Text("stalled", 8192);
            await using var world = await FaultWorld.CreateAsync(new S3ClientSettings { MaxErrorRetry = 2, ThrottleBaseDelay = TimeSpan.FromMilliseconds(10), RequestTimeout = TimeSpan.FromMilliseconds(500) }, ("doc.txt", text));
            world.Proxy.Faults = r => r.Operation == "GetObject" && r.Attempt == 1 ? Fault.StallBody : Fault.None;
            var clock = Stopwatch.StartNew();

            var file = Assert.Single(await world.SyncFilesAsync(SyncTarget.Object(world.Bucket, "doc.txt")));

            Assert.Equal(FileStatus.Ready, file.SyncStatus);
            Assert.Equal(text.Length, file.Characters);
            Assert.Equal(2, world.Proxy.RequestsFor("GetObject"));
            Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20));
            Assert.Empty(world.Errors);
        }

        [Fact]
        public async Task FaultsBeforeAndDuringTheBodyShareOneRetryBudget()
        {
            await using var world = await FaultWorld.CreateAsync(FastRetries, ("doc.txt", Text("budget", 4096)));
            world.Proxy.Faults = r => r.Attempt % 2 == 1 ? Fault.ResetDuringHeaders : Fault.CutBody;

            await world.SyncFilesAsync(SyncTarget.Object(world.Bucket, "doc.txt"));

            Assert.Equal(1 + FastRetries.MaxErrorRetry, world.Proxy.RequestsFor("GetObject"));
            Assert.Equal("CarbonSpaces.EndpointUnreachable", Assert.Single(world.Errors).ErrorId);
        }

        [Theory]
        [InlineData(Fault.CutBody)]
        [InlineData(Fault.ResetDuringHeaders)]
        public async Task AListingCutOffMidPageIsListedAgainAndEveryObjectBecomesAnItem(Fault fault)
        {
            var objects = Enumerable.Range(0, 25).Select(i => ($"k{i:00}.txt", $"object {i}")).ToArray();
            await using var world = await FaultWorld.CreateAsync(new S3ClientSettings { MaxErrorRetry = 2, ThrottleBaseDelay = TimeSpan.FromMilliseconds(10), ListPageSize = 10 }, objects);
            world.Proxy.Faults = r => r.Operation == "ListObjectsV2" && r.Attempt == 1 ? fault : Fault.None;

            var result = await world.Engine.ItemSync.SyncAsync(world.SourceId, null, world.Reporter, CancellationToken.None);

            Assert.Equal(3, world.Proxy.Injected(fault));
            Assert.Equal(6, world.Proxy.RequestsFor("ListObjectsV2"));
            Assert.Equal(25, result.Objects);
            Assert.Equal(25, world.ObjectItems(world.Bucket).Count);
            Assert.Empty(world.Errors);
        }

        [Fact]
        public async Task AListingCutOffOnEveryAttemptIsThatBucketsErrorAndTheOtherBucketsStillSync()
        {
            await using var world = await FaultWorld.CreateAsync(FastRetries, ("a.txt", "in the broken bucket"));
            var healthy = TestS3.UniqueBucket("healthy");
            using (var client = TestS3.ClientFor(world.User))
            {
                await TestS3.CreateBucketAsync(client, healthy);
                await TestS3.PutAsync(client, healthy, "b.txt", "in the healthy bucket");
            }

            world.Proxy.FailEveryAttempt(Fault.CutBody, "ListObjectsV2", world.Bucket);

            var items = await world.Engine.ItemSync.SyncAsync(world.SourceId, null, world.Reporter, CancellationToken.None);
            var files = await world.SyncFilesAsync(SyncTarget.Under(world.Bucket), SyncTarget.Under(healthy));

            Assert.Equal(new[] { world.Bucket }, items.FailedBucketNames);
            Assert.Contains(healthy, items.CompletedBucketNames);
            Assert.Empty(world.ObjectItems(world.Bucket));
            Assert.Single(world.ObjectItems(healthy));
            Assert.Equal(("b.txt", FileStatus.Ready), (Assert.Single(files).Key, files[0].SyncStatus));
            Assert.Equal(2, world.Errors.Count);
            foreach (var error in world.Errors)
            {
                Assert.Equal(("CarbonSpaces.EndpointUnreachable", FailureKind.ConnectionFailed), (error.ErrorId, error.Kind));
                Assert.StartsWith($"{world.EndpointName} dropped the connection for bucket '{world.Bucket}' before the answer was complete, again after several retries. Check", error.Message);
            }

            Assert.True(world.Proxy.Injected(Fault.CutBody) >= 2 * (1 + FastRetries.MaxErrorRetry));
        }

        [Fact]
        public async Task AResyncWhoseListingIsCutOffOnEveryAttemptChecksItsFilesOneByOne()
        {
            var objects = Enumerable.Range(0, 24).Select(i => ($"r{i:00}.txt", $"resynced object {i}")).ToArray();
            await using var world = await FaultWorld.CreateAsync(FastRetries, objects);
            var files = await world.SyncFilesAsync(SyncTarget.Under(world.Bucket));
            world.Proxy.FailEveryAttempt(Fault.CutBody, "ListObjectsV2", world.Bucket);

            var resynced = new List<SyncedFile>();
            await world.Engine.Resync.ResyncAsync(files.Select(f => f.Id).ToList(), new ResyncRequest(), resynced.Add, world.Reporter, CancellationToken.None);

            Assert.Equal(24, resynced.Count(f => f.SyncStatus == FileStatus.Ready));
            Assert.Equal(24, world.Proxy.RequestsFor("HeadObject"));
            Assert.Empty(world.Errors);
            Assert.True(world.Reporter.Messages.Any(m => m.StartsWith($"WARNING: {world.EndpointName} dropped the connection for '{world.Bucket}/r*' before the answer was complete", StringComparison.Ordinal) && m.EndsWith("Its 24 file(s) not listed yet are checked one by one instead.", StringComparison.Ordinal)), string.Join("\n", world.Reporter.Messages));
        }

        [Fact]
        public async Task TwoThousandObjectsSyncThroughTenPercentFaultsOfEveryKind()
        {
            // Every fault the proxy knows but a stalled body (which costs a whole request timeout;
            // ABodyThatStalls… has it), on about one request in ten (at most the first three
            // attempts of a request, so that the retries always get through), and five objects
            // whose body is cut off on every attempt.
            var objects = Enumerable.Range(0, 2000).Select(i => ($"soak/{i:0000}.txt", Text($"soak {i}", 300 + (i % 7 * 100)))).ToArray();
            var doomed = new HashSet<string>(new[] { 7, 400, 1001, 1500, 1999 }.Select(i => $"soak/{i:0000}.txt"));
            await using var world = await FaultWorld.CreateAsync(new S3ClientSettings { ThrottleBaseDelay = TimeSpan.FromMilliseconds(10) }, objects);
            var kinds = new[] { Fault.SlowDown, Fault.TooManyRequests, Fault.InternalError, Fault.ResetBeforeAnswer, Fault.ResetDuringHeaders, Fault.CutBody, Fault.Slow };
            var random = new Random(26);
            world.Proxy.Delay = TimeSpan.FromMilliseconds(200);
            world.Proxy.Faults = r =>
            {
                if (r.Operation == "GetObject" && doomed.Contains(r.Key))
                {
                    return Fault.CutBody;
                }

                lock (random)
                {
                    return r.Attempt <= 3 && random.NextDouble() < 0.1 ? kinds[random.Next(kinds.Length)] : Fault.None;
                }
            };
            var clock = Stopwatch.StartNew();

            var items = await world.Engine.ItemSync.SyncAsync(world.SourceId, world.Bucket, world.Reporter, CancellationToken.None);
            var files = await world.SyncFilesAsync(SyncTarget.Under(world.Bucket));

            Assert.Equal(2000, items.Objects);
            Assert.Equal(2000, files.Count);
            Assert.Equal(doomed.OrderBy(k => k), files.Where(f => f.SyncStatus != FileStatus.Ready).Select(f => f.Key).OrderBy(k => k));
            Assert.All(files.Where(f => doomed.Contains(f.Key)), f => Assert.Equal(FileStatus.SyncError, f.SyncStatus));
            var expected = objects.ToDictionary(o => o.Item1, o => o.Item2.Length);
            Assert.All(files.Where(f => f.SyncStatus == FileStatus.Ready), f => Assert.Equal(expected[f.Key], f.Characters));
            Assert.Equal(doomed.Select(k => $"'{world.Bucket}/{k}'").OrderBy(t => t), world.Errors.Select(e => (string)e.Target!).OrderBy(t => t));
            Assert.All(world.Errors, e => Assert.Equal("CarbonSpaces.EndpointUnreachable", e.ErrorId));
            Assert.All(kinds, kind => Assert.True(world.Proxy.Injected(kind) > 0, $"no {kind} was injected"));
            Assert.InRange(world.Proxy.Requests, 2000 + 100, 2000 * 2);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(60));
        }

        private static string Text(string seed, int length)
        {
            var line = $"{seed}: a line of plain text downloaded through a flaky network. ";
            var text = new System.Text.StringBuilder(length + line.Length);
            while (text.Length < length)
            {
                text.Append(line);
            }

            // Extraction trims trailing white space: the text ends with a letter, so every character counts.
            return text.ToString(0, length - 1) + ".";
        }

        /// <summary>A bucket of objects, a store, and a data source connected to RGW through the proxy (with no faults while connecting).</summary>
        private sealed class FaultWorld : IAsyncDisposable
        {
            private readonly TempStore _temp;

            private FaultWorld(FaultInjectingProxy proxy, TempStore temp, CarbonEngine engine, long sourceId, string bucket, S3Credentials user)
            {
                User = user;
                Proxy = proxy;
                _temp = temp;
                Engine = engine;
                SourceId = sourceId;
                Bucket = bucket;
                Reporter = new CollectingReporter(Errors);
            }

            public FaultInjectingProxy Proxy { get; }

            public CarbonEngine Engine { get; }

            public long SourceId { get; }

            public string Bucket { get; }

            /// <summary>The data source's key: a user with no other buckets.</summary>
            public S3Credentials User { get; }

            public ConcurrentBag<CarbonSpacesException> Errors { get; } = new ConcurrentBag<CarbonSpacesException>();

            public CollectingReporter Reporter { get; }

            /// <summary>How messages name the endpoint: host and port.</summary>
            public string EndpointName => new Uri(Proxy.Endpoint).Authority;

            public static async Task<FaultWorld> CreateAsync(S3ClientSettings settings, params (string Key, string Content)[] objects)
            {
                // A user of its own: syncing every bucket lists its buckets only.
                var user = TestS3.NewUser();
                var bucket = TestS3.UniqueBucket("faults");
                using (var client = TestS3.ClientFor(user))
                {
                    await TestS3.CreateBucketAsync(client, bucket);
                    await TestS3.PutManyAsync(client, bucket, objects.Select(o => new KeyValuePair<string, string>(o.Key, o.Content)));
                }

                var proxy = new FaultInjectingProxy(TestS3.Server.Endpoint);
                var temp = new TempStore();
                var host = new TestCredentialHost();
                var engine = temp.Open(host, settings);
                var request = TestS3.ConnectRequest(credentials: user);
                request.Endpoint = proxy.Endpoint;
                var connected = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);
                host.Remember(connected.DataSource.Endpoint, connected.Credentials);
                return new FaultWorld(proxy, temp, engine, connected.DataSource.Id, bucket, user);
            }

            /// <summary>Syncs the targets and returns every file the run finished, as it left them.</summary>
            public async Task<List<SyncedFile>> SyncFilesAsync(params SyncTarget[] targets)
            {
                var finished = new ConcurrentBag<SyncedFile>();
                // Without vectors: these tests are about the network, and embedding 2,000 files takes a minute more.
                var request = new FileSyncRequest { DataSourceId = SourceId, Targets = targets, Options = new FileSyncOptions { SkipEmbeddingGeneration = true } };
                await Engine.FileSync.SyncAsync(request, finished.Add, Reporter, CancellationToken.None);
                return finished.OrderBy(f => f.Key, StringComparer.Ordinal).ToList();
            }

            public IReadOnlyList<Item> ObjectItems(string bucket) =>
                Engine.Items.Query(new ItemQuery { DataSourceIds = new[] { SourceId }, Buckets = new[] { bucket }, Kind = ItemKind.File });

            public ValueTask DisposeAsync()
            {
                Engine.Dispose();
                _temp.Dispose();
                Proxy.Dispose();
                return default;
            }
        }
    }
}
