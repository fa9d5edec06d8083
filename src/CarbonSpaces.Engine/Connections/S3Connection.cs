using System;
using Amazon.S3;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>What the engine talks to one endpoint with, for one key: the SDK's client for everything but object downloads, and <see cref="S3ObjectReader"/> for those.</summary>
    public sealed class S3Connection : IDisposable
    {
        internal S3Connection(IAmazonS3 client, S3ObjectReader objects)
        {
            Client = client;
            Objects = objects;
        }

        public IAmazonS3 Client { get; }

        internal S3ObjectReader Objects { get; }

        public void Dispose()
        {
            Objects.Dispose();
            Client.Dispose();
        }
    }
}
