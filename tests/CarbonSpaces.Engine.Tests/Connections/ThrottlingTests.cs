using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Connections
{
    public sealed class ThrottlingTests
    {
        [Fact]
        public async Task SlowDownAndTooManyRequestsAnswersAreRetriedWithBackoff()
        {
            var user = TestS3.NewUser();
            using (var client = TestS3.ClientFor(user))
            {
                await TestS3.CreateBucketAsync(client, "throttled-" + System.Guid.NewGuid().ToString("N").Substring(0, 8));
            }

            using var proxy = new FaultInjectingProxy(TestS3.Server.Endpoint, throttledRequests: 4);
            using var temp = new TempStore();
            var host = new TestCredentialHost();
            using var engine = temp.Open(host);
            var request = TestS3.ConnectRequest(credentials: user);
            request.Endpoint = proxy.Endpoint;

            var connected = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);
            var result = await engine.ItemSync.SyncAsync(connected.DataSource.Id, null, SilentReporter.Instance, CancellationToken.None);

            Assert.Equal(4, proxy.Throttled);
            Assert.Equal(1, result.Buckets);
            Assert.Single(engine.Items.Query(new ItemQuery { Kind = ItemKind.Bucket }));
        }

        [Fact]
        public async Task ThrottledDownloadsAreRetriedWithBackoff()
        {
            // Downloads are sent without the SDK (S3ObjectReader), so they need the same retries.
            var (proxy, temp, engine, source, bucket) = await ConnectThroughProxyAsync(new S3ClientSettings { ThrottleBaseDelay = System.TimeSpan.FromMilliseconds(10) });
            using (proxy)
            using (temp)
            using (engine)
            {
                proxy.ThrottleNext(4);

                var file = await SyncOneAsync(engine, source, bucket);

                Assert.Equal(4, proxy.Throttled);
                Assert.Equal(FileStatus.Ready, file.SyncStatus);
            }
        }

        [Fact]
        public async Task ADownloadThatStaysThrottledLeavesItsFileRateLimitedAndTheNextSyncFinishesIt()
        {
            var (proxy, temp, engine, source, bucket) = await ConnectThroughProxyAsync(new S3ClientSettings { MaxErrorRetry = 2, ThrottleBaseDelay = System.TimeSpan.FromMilliseconds(10) });
            using (proxy)
            using (temp)
            using (engine)
            {
                proxy.ThrottleNext(1000);
                var requestsBefore = proxy.Requests;

                var file = await SyncOneAsync(engine, source, bucket);

                Assert.Equal(3, proxy.Requests - requestsBefore);
                Assert.Equal(FileStatus.RateLimited, file.SyncStatus);
                Assert.Contains("throttling", file.SyncErrorMessage);

                proxy.ThrottleNext(0);
                await SyncOneAsync(engine, source, bucket, "other.txt");
                Assert.Equal(FileStatus.Ready, engine.Files.Get(file.Id).SyncStatus);
            }
        }

        [Theory]
        [InlineData(FaultInjectingProxy.Answer.SlowDown)]
        [InlineData(FaultInjectingProxy.Answer.TooManyRequests)]
        public async Task AnEndpointThatKeepsThrottlingIsReportedAsThrottledAfterTheRetries(FaultInjectingProxy.Answer answer)
        {
            using var proxy = new FaultInjectingProxy(TestS3.Server.Endpoint, throttledRequests: 1000, answer);
            using var temp = new TempStore();
            using var engine = temp.Open(settings: new S3ClientSettings { MaxErrorRetry = 2, ThrottleBaseDelay = System.TimeSpan.FromMilliseconds(10) });
            var request = TestS3.ConnectRequest(credentials: TestS3.Credentials);
            request.Endpoint = proxy.Endpoint;

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.Throttled", error.ErrorId);
            Assert.Equal(3, proxy.Requests);
            Assert.Empty(engine.DataSources.List());
        }

        private static async Task<(FaultInjectingProxy Proxy, TempStore Temp, CarbonEngine Engine, long SourceId, string Bucket)> ConnectThroughProxyAsync(S3ClientSettings settings)
        {
            var bucket = TestS3.UniqueBucket("throttled");
            using (var admin = TestS3.AdminClient())
            {
                await TestS3.CreateBucketAsync(admin, bucket);
                await TestS3.PutAsync(admin, bucket, "doc.txt", "A document downloaded through a busy endpoint.");
                await TestS3.PutAsync(admin, bucket, "other.txt", "Another document, synced later.");
            }

            var proxy = new FaultInjectingProxy(TestS3.Server.Endpoint, throttledRequests: 0);
            var temp = new TempStore();
            var host = new TestCredentialHost();
            var engine = temp.Open(host, settings);
            var request = TestS3.ConnectRequest(credentials: TestS3.Credentials);
            request.Endpoint = proxy.Endpoint;
            var connected = await engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None);
            host.Remember(connected.DataSource.Endpoint, connected.Credentials);
            return (proxy, temp, engine, connected.DataSource.Id, bucket);
        }

        private static async Task<SyncedFile> SyncOneAsync(CarbonEngine engine, long sourceId, string bucket, string key = "doc.txt")
        {
            SyncedFile? finished = null;
            var request = new FileSyncRequest { DataSourceId = sourceId, Targets = new[] { SyncTarget.Object(bucket, key) }, Options = new FileSyncOptions() };
            await engine.FileSync.SyncAsync(request, file => finished = file.Key == key ? file : finished, SilentReporter.Instance, CancellationToken.None);
            return finished!;
        }
    }
}
