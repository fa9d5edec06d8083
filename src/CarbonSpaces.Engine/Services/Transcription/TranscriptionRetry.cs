using System;
using System.Net;
using System.Net.Http;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>
    /// When a transcription request is tried again: 429 (too many requests) and 503 (overloaded)
    /// are the service asking for patience, so they are retried with exponential backoff, as S3
    /// throttling is, honouring Retry-After up to a bound. Anything else is its answer.
    /// </summary>
    public sealed class TranscriptionRetry
    {
        public static TranscriptionRetry Default { get; } = new TranscriptionRetry(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        public TranscriptionRetry(int maxAttempts, TimeSpan firstDelay, TimeSpan maxDelay)
        {
            MaxAttempts = maxAttempts;
            FirstDelay = firstDelay;
            MaxDelay = maxDelay;
        }

        public int MaxAttempts { get; }

        public TimeSpan FirstDelay { get; }

        public TimeSpan MaxDelay { get; }

        public static bool IsRetried(HttpStatusCode status) => (int)status == 429 || status == HttpStatusCode.ServiceUnavailable;

        /// <param name="attempt">1 after the first failed attempt, 2 after the second …</param>
        public TimeSpan DelayAfter(int attempt, HttpResponseMessage response)
        {
            var asked = response.Headers.RetryAfter?.Delta
                ?? (response.Headers.RetryAfter?.Date is DateTimeOffset date ? date - DateTimeOffset.UtcNow : (TimeSpan?)null);
            var backoff = TimeSpan.FromTicks(FirstDelay.Ticks << Math.Min(attempt - 1, 16));
            var delay = asked.HasValue && asked.Value >= TimeSpan.Zero ? asked.Value : backoff;
            return delay > MaxDelay ? MaxDelay : delay;
        }
    }
}
