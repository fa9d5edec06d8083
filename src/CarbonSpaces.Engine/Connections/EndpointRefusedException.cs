using System;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// A refused connection where a refusal is final (verifying a new key: a wrong host or port
    /// answers that way at once, every time). The SDK retries any failure that carries an
    /// HttpRequestException or IOException, with waits of seconds; this type carries neither, so
    /// the SDK gives it up at once and <see cref="S3Failures"/> explains it.
    /// </summary>
    internal sealed class EndpointRefusedException : Exception
    {
        public EndpointRefusedException(string message)
            : base(message)
        {
        }
    }
}
