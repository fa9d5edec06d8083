using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// Retries 429 Too Many Requests with exponential backoff and full jitter, honouring
    /// Retry-After. The SDK's standard retry already backs off on 503 SlowDown and 5xx, but treats
    /// a 429 from an S3-compatible endpoint as final. For requests sent without the SDK
    /// (<see cref="S3ObjectReader"/>) this handler also does what the SDK's retry would: 500, 502,
    /// 503 and 504 answers, dropped connections and attempts without an answer within
    /// <see cref="S3ClientSettings.RequestTimeout"/> are retried the same way. Only requests without
    /// a body are retried (every request the engine makes), so nothing is ever sent twice half-read.
    /// </summary>
    internal sealed class ThrottleRetryHandler : DelegatingHandler
    {
        private const int TooManyRequests = 429;
        private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(20);

        private readonly S3ClientSettings _settings;
        private readonly bool _retryServerErrors;
        private readonly Random _jitter = new Random();

        public ThrottleRetryHandler(HttpMessageHandler inner, S3ClientSettings settings, bool retryServerErrors)
            : base(inner)
        {
            _settings = settings;
            _retryServerErrors = retryServerErrors;
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                var canRetry = attempt < _settings.MaxErrorRetry && request.Content == null;
                HttpResponseMessage response;
                try
                {
                    response = await SendAttemptAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (_retryServerErrors && !cancellationToken.IsCancellationRequested && (ex is HttpRequestException || ex is OperationCanceledException))
                {
                    if (!canRetry && ex is OperationCanceledException)
                    {
                        throw new TimeoutException($"No answer within {_settings.RequestTimeout.TotalSeconds:0} s, {attempt + 1} times.", ex);
                    }

                    if (!canRetry)
                    {
                        throw;
                    }

                    await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!canRetry || !IsRetried(response.StatusCode))
                {
                    return response;
                }

                var delay = RetryAfter(response) ?? Backoff(attempt);
                response.Dispose();
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>One attempt; without the SDK around it, an attempt has its own time limit.</summary>
        private async Task<HttpResponseMessage> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!_retryServerErrors)
            {
                return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }

            using var attemptCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attemptCancellation.CancelAfter(_settings.RequestTimeout);
            return await base.SendAsync(request, attemptCancellation.Token).ConfigureAwait(false);
        }

        private bool IsRetried(HttpStatusCode status) =>
            (int)status == TooManyRequests
            || (_retryServerErrors && (status == HttpStatusCode.InternalServerError || status == HttpStatusCode.BadGateway
                                       || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout));

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
