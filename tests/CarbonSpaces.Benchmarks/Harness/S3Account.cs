using Amazon.S3;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>One RGW user of the benchmark's server: its endpoint and key, and clients made the way the engine makes them.</summary>
    internal sealed class S3Account
    {
        public string Endpoint { get; set; } = string.Empty;

        public string Region { get; set; } = "us-east-1";

        public string AccessKey { get; set; } = string.Empty;

        public string SecretKey { get; set; } = string.Empty;

        public S3Credentials Credentials() => new S3Credentials(AccessKey, SecretKey);

        /// <summary>An AWSSDK client with exactly the engine's configuration (S3ClientFactory), optionally observed.</summary>
        public IAmazonS3 EngineClient(S3ClientSettings? settings = null) =>
            new S3ClientFactory(settings ?? new S3ClientSettings()).Create(S3Endpoint.Parse(Endpoint, Region, null), Credentials());
    }
}
