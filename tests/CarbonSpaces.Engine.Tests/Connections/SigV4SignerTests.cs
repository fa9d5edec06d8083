using System;
using System.Linq;
using System.Net.Http;
using CarbonSpaces.Engine.Connections;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Connections
{
    /// <summary>Known answers computed with botocore's S3SigV4Auth for the same request, time and keys.</summary>
    public sealed class SigV4SignerTests
    {
        private const string AccessKey = "AKIAIOSFODNN7EXAMPLE";
        private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        private static readonly DateTime SignedAt = new DateTime(2013, 5, 24, 0, 0, 0, DateTimeKind.Utc);

        [Theory]
        [InlineData(null, "host;x-amz-content-sha256;x-amz-date", "71b141823c09c6a8f7cea0e76c0f55ef77948fc2df8f6d5a9ea2b808bf0a64c0")]
        [InlineData("FQoGZXIvYXdzEXAMPLETOKEN==", "host;x-amz-content-sha256;x-amz-date;x-amz-security-token", "bcffc5bef96dba1125b131a91efcf72b81b223e1b8cb85c9c77bb70a84b0d2e4")]
        public void AGetIsSignedAsBotocoreSignsIt(string? sessionToken, string signedHeaders, string signature)
        {
            var signer = new SigV4Signer(new S3Credentials(AccessKey, Secret, sessionToken), "us-east-1");
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://127.0.0.1:9000/examplebucket/photos/2013/test%20file.txt");

            signer.Sign(request, SignedAt);

            Assert.Equal(
                $"AWS4-HMAC-SHA256 Credential={AccessKey}/20130524/us-east-1/s3/aws4_request, SignedHeaders={signedHeaders}, Signature={signature}",
                request.Headers.GetValues("Authorization").Single());
            Assert.Equal("20130524T000000Z", request.Headers.GetValues("x-amz-date").Single());
            Assert.Equal("127.0.0.1:9000", request.Headers.Host);
            Assert.Equal(sessionToken != null, request.Headers.Contains("x-amz-security-token"));
        }

        [Fact]
        public void AnIPv6EndpointKeepsItsBracketsInTheSignedHost()
        {
            var signer = new SigV4Signer(new S3Credentials(AccessKey, Secret), "us-east-1");
            using var request = new HttpRequestMessage(HttpMethod.Get, "http://[::1]:9000/examplebucket/test.txt");

            signer.Sign(request, SignedAt);

            Assert.Equal("[::1]:9000", request.Headers.Host);
        }
    }
}
