using System;
using System.Net.Http;
using Amazon.Runtime;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// The HTTP clients behind every S3 client and <see cref="S3ObjectReader"/>: pooled connections
    /// with bounded connect time, and <see cref="ThrottleRetryHandler"/> in front. The SDK caches
    /// what this makes per configuration.
    /// </summary>
    internal sealed class S3HttpClientFactory : HttpClientFactory
    {
        private readonly S3ClientSettings _settings;
        private readonly bool _refusalIsFinal;

        /// <param name="refusalIsFinal">A refused connection fails at once instead of being retried (see <see cref="EndpointRefusedException"/>).</param>
        public S3HttpClientFactory(S3ClientSettings settings, bool refusalIsFinal)
        {
            _settings = settings;
            _refusalIsFinal = refusalIsFinal;
        }

        public override HttpClient CreateHttpClient(IClientConfig clientConfig)
        {
            var client = Create(_settings, retryServerErrors: false, _refusalIsFinal);
            client.Timeout = clientConfig.Timeout ?? _settings.RequestTimeout;
            return client;
        }

        public override string GetConfigUniqueString(IClientConfig clientConfig) =>
            $"CarbonSpaces:{_refusalIsFinal}:{_settings.ConnectTimeout}:{_settings.MaxConnectionsPerServer}:{_settings.MaxErrorRetry}:{_settings.ThrottleBaseDelay}:{base.GetConfigUniqueString(clientConfig)}";

        /// <param name="retryServerErrors">
        /// Also retry 5xx answers, dropped connections and attempts that got no answer in
        /// <see cref="S3ClientSettings.RequestTimeout"/>: for requests sent without the SDK, whose own
        /// retry does that. Each attempt then has its own time limit, so the client has none.
        /// </param>
        /// <param name="refusalIsFinal">A refused connection fails at once instead of being retried (see <see cref="EndpointRefusedException"/>).</param>
        public static HttpClient Create(S3ClientSettings settings, bool retryServerErrors, bool refusalIsFinal = false)
        {
#if NET8_0_OR_GREATER
            var transport = new SocketsHttpHandler
            {
                ConnectTimeout = settings.ConnectTimeout,
                MaxConnectionsPerServer = settings.MaxConnectionsPerServer,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AllowAutoRedirect = false,
            };
#else
            var transport = new HttpClientHandler
            {
                MaxConnectionsPerServer = settings.MaxConnectionsPerServer,
                AllowAutoRedirect = false,
            };
#endif
            return new HttpClient(new ThrottleRetryHandler(transport, settings, retryServerErrors, refusalIsFinal)) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }
    }
}
