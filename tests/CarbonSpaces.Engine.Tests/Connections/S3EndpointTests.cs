using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Sources;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Connections
{
    public sealed class S3EndpointTests
    {
        [Theory]
        [InlineData("nyc3.digitaloceanspaces.com", "nyc3")]
        [InlineData("https://ams3.digitaloceanspaces.com/", "ams3")]
        [InlineData("reports.fra1.digitaloceanspaces.com", "fra1")]
        [InlineData("sgp1.cdn.digitaloceanspaces.com", "sgp1")]
        public void ASpacesEndpointIsADigitalOceanSpaceInTheRegionOfItsHost(string endpoint, string region)
        {
            var parsed = S3Endpoint.Parse(endpoint, null, null);

            Assert.Equal(SourceProvider.DigitalOcean, parsed.Provider);
            Assert.Equal(region, parsed.Region);
            Assert.Equal($"https://{region}.digitaloceanspaces.com", parsed.Url);
            Assert.Equal("DigitalOcean Space", SourceLabels.DataSourceMetadata(parsed.Provider));
            Assert.Equal("DigitalOcean Space File", SourceLabels.FileMetadata(parsed.Provider));
            Assert.Equal("DigitalOcean Space Bucket", SourceLabels.BucketMetadata(parsed.Provider));
        }

        [Theory]
        [InlineData(null, null, "us-east-1")]
        [InlineData("s3.eu-west-1.amazonaws.com", null, "eu-west-1")]
        [InlineData("s3-ap-south-1.amazonaws.com", null, "ap-south-1")]
        [InlineData("s3.amazonaws.com", "us-west-2", "us-west-2")]
        public void NoEndpointOrAnAmazonEndpointIsAmazonS3(string? endpoint, string? region, string expectedRegion)
        {
            var parsed = S3Endpoint.Parse(endpoint, region, null);

            Assert.True(parsed.IsAmazon);
            Assert.Equal(expectedRegion, parsed.Region);
            Assert.Equal("S3", SourceLabels.DataSourceMetadata(parsed.Provider));
            Assert.Equal("S3 File", SourceLabels.FileMetadata(parsed.Provider));
            Assert.Equal("S3 Bucket", SourceLabels.BucketMetadata(parsed.Provider));
        }

        [Fact]
        public void AnyOtherS3CompatibleEndpointIsS3WithPathStyle()
        {
            var parsed = S3Endpoint.Parse("http://127.0.0.1:9000", null, null);

            Assert.Equal(SourceProvider.S3, parsed.Provider);
            Assert.False(parsed.IsAmazon);
            Assert.True(parsed.ForcePathStyle);
            Assert.Equal("http://127.0.0.1:9000", parsed.Url);
            Assert.Equal("us-east-1", parsed.Region);
        }

        [Fact]
        public void TheProviderCanBeOverridden()
        {
            Assert.Equal(SourceProvider.DigitalOcean, S3Endpoint.Parse("http://127.0.0.1:9000", null, SourceProvider.DigitalOcean).Provider);
            Assert.Equal(SourceProvider.S3, S3Endpoint.Parse("nyc3.digitaloceanspaces.com", null, SourceProvider.S3).Provider);
        }

        [Theory]
        [InlineData("ftp://files.example.com")]
        [InlineData("https://s3.example.com/some/path")]
        [InlineData("not a host")]
        [InlineData("https://")]
        public void AMalformedEndpointIsRefusedWithAnExample(string endpoint)
        {
            var error = Assert.Throws<CarbonSpacesException>(() => S3Endpoint.Parse(endpoint, null, null));

            Assert.Equal("CarbonSpaces.InvalidEndpoint", error.ErrorId);
            Assert.Contains("nyc3.digitaloceanspaces.com", error.Message);
        }
    }
}
