using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Connections
{
    /// <summary>The engine's own signed GETs against the real RGW: the bytes, the conditional GET and the errors the SDK would have given.</summary>
    public sealed class S3ObjectReaderTests
    {
        /// <summary>Keys whose characters a URL must escape, and whether the reader sends them itself: dot segments cannot travel in a URL unchanged and go through the SDK.</summary>
        public static readonly TheoryData<string, bool> AwkwardKeys = new TheoryData<string, bool>
        {
            { "plain.txt", true },
            { "rapports/été/résumé-ü.txt", true },
            { "emoji/😀 smile.txt", true },
            { "my folder/a file with spaces.txt", true },
            { "maths/a+b&c=d;e,f:g@h$.txt", true },
            { "q/what?is#this%20really.txt", true },
            { "brackets[1]{2}(3)!*'.txt", true },
            { "back\\slash.txt", true },
            { "a//double/slash.txt", true },
            { "trailing-dot./x.txt", true },
            { "../../escape-attempt.txt", false },
            { "dots/./here.txt", false },
        };

        [Theory]
        [MemberData(nameof(AwkwardKeys))]
        public async Task EveryKeyIsDownloadedWithItsOwnBytes(string key, bool signedByTheReader)
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, key, "content of " + key);
            using var reader = Reader(admin, TestS3.Credentials);

            using var fetched = await reader.GetAsync(bucket, key, null, CancellationToken.None);

            Assert.Equal("content of " + key, await new StreamReader(fetched!.Body).ReadToEndAsync());
            Assert.Equal(TestS3.Utf8("content of " + key).Length, fetched.ContentLength);
            Assert.StartsWith("\"", fetched.ETag);
            Assert.NotNull(fetched.LastModifiedUtc);
            Assert.Equal(signedByTheReader ? 1 : 0, reader.SignedRequests);
        }

        [Fact]
        public async Task AnUnchangedObjectIsNotSentAgainAndAChangedOneIs()
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, "doc.txt", "first");
            using var reader = Reader(admin, TestS3.Credentials);
            string etag;
            using (var first = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None))
            {
                etag = first!.ETag!;
            }

            Assert.Null(await reader.GetAsync(bucket, "doc.txt", etag, CancellationToken.None));
            await TestS3.PutAsync(admin, bucket, "doc.txt", "second");
            using var changed = await reader.GetAsync(bucket, "doc.txt", etag, CancellationToken.None);
            Assert.Equal("second", await new StreamReader(changed!.Body).ReadToEndAsync());
        }

        [Fact]
        public async Task FailuresCarryTheCodesTheSdkWouldHaveThrown()
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, "doc.txt", "text");

            Assert.Equal("NoSuchKey", await ErrorCodeAsync(Reader(admin, TestS3.Credentials), bucket, "missing.txt"));
            Assert.Equal("NoSuchBucket", await ErrorCodeAsync(Reader(admin, TestS3.Credentials), bucket + "-none", "doc.txt"));
            Assert.Equal("SignatureDoesNotMatch", await ErrorCodeAsync(Reader(admin, new S3Credentials(TestS3.Credentials.AccessKeyId, "wrong-secret")), bucket, "doc.txt"));
            Assert.Equal("InvalidAccessKeyId", await ErrorCodeAsync(Reader(admin, new S3Credentials("NOSUCHKEY0000000000", "secret")), bucket, "doc.txt"));
        }

        [Fact]
        public async Task ALocalClockAnHourBehindIsCorrectedOnceFromTheServersAnswer()
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, "doc.txt", "signed with a corrected clock");
            using var counter = new FaultInjectingProxy(TestS3.Server.Endpoint, throttledRequests: 0);
            var endpoint = S3Endpoint.Parse(counter.Endpoint, TestS3.Server.Region, null);
            using var reader = new S3ObjectReader(admin, endpoint, TestS3.Credentials, new S3ClientSettings(), () => DateTime.UtcNow.AddHours(-1));

            using var first = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None);
            var requestsForTheFirst = counter.Requests;
            using var second = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None);

            Assert.Equal("signed with a corrected clock", await new StreamReader(first!.Body).ReadToEndAsync());
            Assert.NotNull(second);
            Assert.Equal((2, 3), (requestsForTheFirst, counter.Requests));
        }

        [Fact]
        public async Task AnAccessDeniedAnswerIsFinalAndAskedOnlyOnce()
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, "private.txt", "not for others");
            using var counter = new FaultInjectingProxy(TestS3.Server.Endpoint, throttledRequests: 0);
            var endpoint = S3Endpoint.Parse(counter.Endpoint, TestS3.Server.Region, null);
            using var reader = new S3ObjectReader(admin, endpoint, TestS3.NewUser(), new S3ClientSettings(), () => DateTime.UtcNow.AddMinutes(-10));

            var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => reader.GetAsync(bucket, "private.txt", null, CancellationToken.None));

            Assert.Equal("AccessDenied", error.ErrorCode);
            Assert.Equal(1, counter.Requests);
        }

        [Fact]
        public async Task AnEndpointThatNeverAnswersIsAskedAgainEachAttemptWithItsOwnTimeLimit()
        {
            // A listener that accepts connections and never answers.
            var silent = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            var accepted = 0;
            var connections = new System.Collections.Concurrent.ConcurrentBag<System.Net.Sockets.TcpClient>();
            _ = Task.Run(async () =>
            {
                while (true)
                {
                    connections.Add(await silent.AcceptTcpClientAsync());
                    Interlocked.Increment(ref accepted);
                }
            });
            try
            {
                var endpoint = S3Endpoint.Parse($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", "us-east-1", null);
                var settings = new S3ClientSettings { RequestTimeout = TimeSpan.FromMilliseconds(300), MaxErrorRetry = 2, ThrottleBaseDelay = TimeSpan.FromMilliseconds(10) };
                using var admin = TestS3.AdminClient();
                using var reader = new S3ObjectReader(admin, endpoint, TestS3.Credentials, settings);

                await Assert.ThrowsAsync<TimeoutException>(() => reader.GetAsync("bucket", "doc.txt", null, CancellationToken.None));

                Assert.Equal(3, accepted);
            }
            finally
            {
                silent.Stop();
                foreach (var connection in connections)
                {
                    connection.Dispose();
                }
            }
        }

        [Fact]
        public async Task TheCodeAndMessageOfAnErrorDocumentAreKept()
        {
            using var response = new HttpResponseMessage(HttpStatusCode.Forbidden)
            {
                Content = new StringContent("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>x</HostId></Error>"),
            };

            var error = await S3ObjectReader.ErrorOfAsync(response, TimeSpan.FromSeconds(10), CancellationToken.None);

            Assert.Equal(("AccessDenied", "Access Denied", "4442587FB7D0A2F9"), (error.ErrorCode, error.Message, error.RequestId));
        }

        [Fact]
        public async Task AnErrorBodyThatStallsIsGivenUpAfterTheTimeLimit()
        {
            using var response = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StreamContent(new StalledStream()) };

            var error = await S3ObjectReader.ErrorOfAsync(response, TimeSpan.FromMilliseconds(200), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal((HttpStatusCode.ServiceUnavailable, "ServiceUnavailable"), (error.StatusCode, error.ErrorCode));
        }

        [Fact]
        public async Task ABucketInAnotherRegionIsFetchedThroughTheSdk()
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, "doc.txt", "redirected");
            using var proxy = new FaultInjectingProxy(TestS3.Server.Endpoint, throttledRequests: 1, FaultInjectingProxy.Answer.WrongRegion);
            var endpoint = S3Endpoint.Parse(proxy.Endpoint, TestS3.Server.Region, null);
            using var reader = new S3ObjectReader(TestS3.ClientFor(TestS3.Credentials, proxy.Endpoint), endpoint, TestS3.Credentials, new S3ClientSettings());

            using var first = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None);
            using var second = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None);

            Assert.Equal("redirected", await new StreamReader(first!.Body).ReadToEndAsync());
            Assert.NotNull(second);
            Assert.Equal((1, 3), (reader.SignedRequests, proxy.Requests));
        }

        [Theory]
        [InlineData("eu-west-1", "reports")]
        [InlineData("us-east-1", "reports")]
        [InlineData("us-east-1", "my.reports")]
        [InlineData("us-east-1", "Reports_Old")]
        [InlineData("cn-north-1", "reports")]
        [InlineData("us-gov-west-1", "reports")]
        public void AmazonObjectsAreAddressedAsTheSdkAddressesThem(string region, string bucket)
        {
            const string key = "2026/q3 été+report.txt";
            using var sdk = new AmazonS3Client(new Amazon.Runtime.BasicAWSCredentials("AKID", "secret"), new AmazonS3Config { RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region) });
            using var reader = Reader(sdk, TestS3.Credentials, S3Endpoint.Parse(null, region, null));
            var presigned = sdk.GetPreSignedURL(new Amazon.S3.Model.GetPreSignedUrlRequest { BucketName = bucket, Key = key, Expires = DateTime.UtcNow.AddMinutes(5) });

            Assert.Equal(presigned.Substring(0, presigned.IndexOf('?')), reader.ObjectUri(bucket, key)!.AbsoluteUri);
        }

        [Fact]
        public void CompatibleEndpointsArePathStyleAndDotSegmentsAreLeftToTheSdk()
        {
            using var admin = TestS3.AdminClient();
            using var compatible = Reader(admin, TestS3.Credentials, S3Endpoint.Parse("https://s3.example.com:9000", null, null));

            Assert.Equal("https://s3.example.com:9000/reports/2026/%C3%A9t%C3%A9%20q3.txt", compatible.ObjectUri("reports", "2026/été q3.txt")!.AbsoluteUri);
            Assert.Null(compatible.ObjectUri("reports", "../../escape-attempt.txt"));
        }

        /// <summary>A body whose bytes never come.</summary>
        private sealed class StalledStream : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException();

            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

            public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
                return 0;
            }

            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        private static async Task<string> BucketWithAsync(IAmazonS3 admin, string key, string content)
        {
            var bucket = TestS3.UniqueBucket("reader");
            await TestS3.CreateBucketAsync(admin, bucket);
            await TestS3.PutAsync(admin, bucket, key, content);
            return bucket;
        }

        private static S3ObjectReader Reader(IAmazonS3 client, S3Credentials credentials, S3Endpoint? endpoint = null) =>
            new S3ObjectReader(client, endpoint ?? S3Endpoint.Parse(TestS3.Server.Endpoint, TestS3.Server.Region, null), credentials, new S3ClientSettings { MaxErrorRetry = 1 });

        private static async Task<string> ErrorCodeAsync(S3ObjectReader reader, string bucket, string key)
        {
            using (reader)
            {
                var error = await Assert.ThrowsAsync<AmazonS3Exception>(() => reader.GetAsync(bucket, key, null, CancellationToken.None));
                return error.ErrorCode;
            }
        }
    }
}
