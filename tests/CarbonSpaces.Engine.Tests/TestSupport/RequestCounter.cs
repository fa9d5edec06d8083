using System;
using System.Collections.Concurrent;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>Counts the S3 requests an engine makes, by operation, through the client factory's observer.</summary>
    public sealed class RequestCounter
    {
        private readonly ConcurrentDictionary<string, int> _counts = new ConcurrentDictionary<string, int>();

        public S3ClientSettings Settings() => new S3ClientSettings
        {
            RequestObserver = operation =>
            {
                _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
                BeforeRequest?.Invoke(operation);
            },
        };

        /// <summary>Runs on the requesting thread before each request is sent: lets a test change the world at an exact moment.</summary>
        public Action<string>? BeforeRequest { get; set; }

        public int this[string operation] => _counts.TryGetValue(operation, out var n) ? n : 0;

        public void Reset() => _counts.Clear();
    }
}
