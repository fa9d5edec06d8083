using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// Retries 429 Too Many Requests with exponential backoff and full jitter, honouring
    /// Retry-After. The SDK's standard retry already backs off on 503 SlowDown and 5xx, but treats
    /// a 429 from an S3-compatible endpoint as final. Only requests without a body are retried
    /// here (every request the engine makes), so nothing is ever sent twice half-read.
    /// </summary>
    internal sealed class ThrottleRetryHandler : DelegatingHandler
    {
        private const int TooManyRequests = 429;
        private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

        private readonly S3ClientSettings _settings;
        private readonly Random _jitter = new Random();

        public ThrottleRetryHandler(HttpMessageHandler inner, S3ClientSettings settings)
            : base(inner)
        {
            _settings = settings;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode != TooManyRequests || attempt >= _settings.MaxErrorRetry || request.Content != null)
                {
                    return response;
                }

                var delay = RetryAfter(response) ?? Backoff(attempt);
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var delta = response.Headers.RetryAfter?.Delta;
            return delta.HasValue && delta.Value <= MaxDelay ? delta : null;
        }

        private TimeSpan Backoff(int attempt)
        {
            var ceiling = Math.Min(MaxDelay.TotalMilliseconds, _settings.ThrottleBaseDelay.TotalMilliseconds * Math.Pow(2, attempt));
            lock (_jitter)
            {
                return TimeSpan.FromMilliseconds(_jitter.NextDouble() * ceiling);
            }
        }
    }
}
