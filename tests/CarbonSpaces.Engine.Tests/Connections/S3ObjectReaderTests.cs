using System;
using System.IO;
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
        /// <summary>Keys whose characters a URL must escape; the dot segments cannot travel in a URL unchanged and go through the SDK.</summary>
        public static readonly TheoryData<string> AwkwardKeys = new TheoryData<string>
        {
            "plain.txt",
            "rapports/été/résumé-ü.txt",
            "emoji/😀 smile.txt",
            "my folder/a file with spaces.txt",
            "maths/a+b&c=d;e,f:g@h$.txt",
            "q/what?is#this%20really.txt",
            "brackets[1]{2}(3)!*'.txt",
            "back\\slash.txt",
            "a//double/slash.txt",
            "trailing-dot./x.txt",
            "../../escape-attempt.txt",
            "dots/./here.txt",
        };

        [Theory]
        [MemberData(nameof(AwkwardKeys))]
        public async Task EveryKeyIsDownloadedWithItsOwnBytes(string key)
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, key, "content of " + key);
            using var reader = Reader(admin, TestS3.Credentials);

            using var fetched = await reader.GetAsync(bucket, key, null, CancellationToken.None);

            Assert.Equal("content of " + key, await new StreamReader(fetched!.Body).ReadToEndAsync());
            Assert.Equal(TestS3.Utf8("content of " + key).Length, fetched.ContentLength);
            Assert.StartsWith("\"", fetched.ETag);
            Assert.NotNull(fetched.LastModifiedUtc);
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
        public async Task ALocalClockAnHourBehindIsCorrectedFromTheServersAnswer()
        {
            using var admin = TestS3.AdminClient();
            var bucket = await BucketWithAsync(admin, "doc.txt", "signed with a corrected clock");
            var endpoint = S3Endpoint.Parse(TestS3.Server.Endpoint, TestS3.Server.Region, null);
            using var reader = new S3ObjectReader(admin, endpoint, TestS3.Credentials, new S3ClientSettings(), () => DateTime.UtcNow.AddHours(-1));

            using var first = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None);
            using var second = await reader.GetAsync(bucket, "doc.txt", null, CancellationToken.None);

            Assert.Equal("signed with a corrected clock", await new StreamReader(first!.Body).ReadToEndAsync());
            Assert.NotNull(second);
        }

        [Fact]
        public void ObjectsAreAddressedAsTheSdkAddressesThem()
        {
            using var admin = TestS3.AdminClient();
            var compatible = Reader(admin, TestS3.Credentials, S3Endpoint.Parse("https://s3.example.com:9000", null, null));
            var amazon = Reader(admin, TestS3.Credentials, S3Endpoint.Parse(null, "eu-west-1", null));

            Assert.Equal("https://s3.example.com:9000/reports/2026/%C3%A9t%C3%A9%20q3.txt", compatible.ObjectUri("reports", "2026/été q3.txt")!.AbsoluteUri);
            Assert.Equal("https://reports.s3.eu-west-1.amazonaws.com/2026/q3.txt", amazon.ObjectUri("reports", "2026/q3.txt")!.AbsoluteUri);
            Assert.Equal("https://s3.eu-west-1.amazonaws.com/my.reports/q3.txt", amazon.ObjectUri("my.reports", "q3.txt")!.AbsoluteUri);
            Assert.Null(compatible.ObjectUri("reports", "../../escape-attempt.txt"));
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
