using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
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

            using var proxy = new ThrottlingProxy(TestS3.Server.Endpoint, throttledRequests: 4);
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

        [Theory]
        [InlineData(ThrottlingProxy.Answer.SlowDown)]
        [InlineData(ThrottlingProxy.Answer.TooManyRequests)]
        public async Task AnEndpointThatKeepsThrottlingIsReportedAsThrottledAfterTheRetries(ThrottlingProxy.Answer answer)
        {
            using var proxy = new ThrottlingProxy(TestS3.Server.Endpoint, throttledRequests: 1000, answer);
            using var temp = new TempStore();
            using var engine = temp.Open(settings: new CarbonSpaces.Engine.Connections.S3ClientSettings { MaxErrorRetry = 2, ThrottleBaseDelay = System.TimeSpan.FromMilliseconds(10) });
            var request = TestS3.ConnectRequest(credentials: TestS3.Credentials);
            request.Endpoint = proxy.Endpoint;

            var error = await Assert.ThrowsAsync<CarbonSpacesException>(() => engine.DataSources.ConnectAsync(request, SilentReporter.Instance, CancellationToken.None));

            Assert.Equal("CarbonSpaces.Throttled", error.ErrorId);
            Assert.Equal(3, proxy.Requests);
            Assert.Empty(engine.DataSources.List());
        }
    }
}
