using System;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// Retries 429 Too Many Requests with exponential backoff and full jitter, honouring
    /// Retry-After. The SDK's standard retry already backs off on 503 SlowDown, 5xx and dropped
    /// connections, but treats a 429 from an S3-compatible endpoint as final. For requests sent
    /// without the SDK (<see cref="S3ObjectReader"/>) this handler also does what the SDK's retry
    /// would: 500, 502, 503 and 504 answers, dropped connections and attempts without an answer
    /// within <see cref="S3ClientSettings.RequestTimeout"/> are retried the same way, on the
    /// request's <see cref="RetryBudget"/>. Only requests without a body are retried (every
    /// request the engine makes), so nothing is ever sent twice half-read.
    /// </summary>
    internal sealed class ThrottleRetryHandler : DelegatingHandler
    {
        private const int TooManyRequests = 429;

        private readonly S3ClientSettings _settings;
        private readonly bool _retryServerErrors;
        private readonly bool _refusalIsFinal;
        private readonly RetryBackoff _backoff;

        /// <param name="refusalIsFinal">A refused connection is not retried, by this handler or the SDK (see <see cref="EndpointRefusedException"/>).</param>
        public ThrottleRetryHandler(HttpMessageHandler inner, S3ClientSettings settings, bool retryServerErrors, bool refusalIsFinal)
            : base(inner)
        {
            _settings = settings;
            _retryServerErrors = retryServerErrors;
            _refusalIsFinal = refusalIsFinal;
            _backoff = new RetryBackoff(settings.ThrottleBaseDelay);
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var budget = RetryBudget.Of(request) ?? new RetryBudget(_settings.MaxErrorRetry);
            var retryable = request.Content == null;
            while (true)
            {
                HttpResponseMessage response;
                try
                {
                    response = await SendAttemptAsync(request, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException ex) when (_refusalIsFinal && IsRefused(ex))
                {
                    throw new EndpointRefusedException(ex.Message);
                }
                catch (Exception ex) when (_retryServerErrors && !cancellationToken.IsCancellationRequested && (ex is HttpRequestException || ex is OperationCanceledException))
                {
                    var attempts = budget.Spent + 1;
                    if (!retryable || !budget.TrySpend())
                    {
                        if (ex is OperationCanceledException)
                        {
                            throw new TimeoutException($"No answer within {_settings.RequestTimeout.TotalSeconds:0} s, {attempts} times.", ex);
                        }

                        throw;
                    }

                    await Task.Delay(_backoff.Delay(budget.Spent - 1), cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!IsRetried(response.StatusCode) || !retryable || !budget.TrySpend())
                {
                    return response;
                }

                var delay = RetryAfter(response) ?? _backoff.Delay(budget.Spent - 1);
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

        /// <summary>The socket's refusal, directly under the HttpRequestException (.NET) or under a WebException (.NET Framework).</summary>
        private static bool IsRefused(HttpRequestException error)
        {
            for (Exception? e = error.InnerException; e != null; e = e.InnerException)
            {
                if (e is SocketException socket)
                {
                    return socket.SocketErrorCode == SocketError.ConnectionRefused;
                }
            }

            return false;
        }

        private bool IsRetried(HttpStatusCode status) =>
            (int)status == TooManyRequests
            || (_retryServerErrors && (status == HttpStatusCode.InternalServerError || status == HttpStatusCode.BadGateway
                                       || status == HttpStatusCode.ServiceUnavailable || status == HttpStatusCode.GatewayTimeout));

        private static TimeSpan? RetryAfter(HttpResponseMessage response)
        {
            var delta = response.Headers.RetryAfter?.Delta;
            return delta.HasValue && delta.Value <= RetryBackoff.MaxDelay ? delta : null;
        }
    }
}
