using System;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// How long to wait before a retry: exponential backoff with full jitter, from
    /// <see cref="S3ClientSettings.ThrottleBaseDelay"/> doubling up to 20 s, so that many clients
    /// backing off from one busy endpoint do not come back at the same moment.
    /// </summary>
    internal sealed class RetryBackoff
    {
        /// <summary>The longest wait, and the longest Retry-After honoured.</summary>
        public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

        private readonly TimeSpan _baseDelay;
        private readonly Random _jitter = new Random();

        public RetryBackoff(TimeSpan baseDelay)
        {
            _baseDelay = baseDelay;
        }

        /// <param name="retry">0 before the first retry, 1 before the second, …</param>
        public TimeSpan Delay(int retry)
        {
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, _baseDelay.TotalMilliseconds * Math.Pow(2, retry));
            lock (_jitter)
            {
                return TimeSpan.FromMilliseconds(_jitter.NextDouble() * ceiling);
            }
        }
    }
}
