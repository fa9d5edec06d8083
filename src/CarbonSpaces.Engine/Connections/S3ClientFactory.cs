using System;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// Makes S3 clients configured for what S3-compatible endpoints need and for unattended use:
    /// checksums only when required (Spaces and RGW reject the SDK's newer defaults), path-style
    /// addressing, bounded connect and request time, the SDK's standard retry with backoff for
    /// 503 SlowDown, 5xx answers and dropped connections, and our own for 429 (see
    /// ThrottleRetryHandler); a client that verifies a new key does not retry a refused connection.
    /// </summary>
    public sealed class S3ClientFactory
    {
        private readonly S3ClientSettings _settings;

        public S3ClientFactory(S3ClientSettings settings)
        {
            _settings = settings;
        }

        public IAmazonS3 Create(S3Endpoint endpoint, S3Credentials credentials) => Create(endpoint, credentials, refusalIsFinal: false);

        /// <summary>
        /// A client for verifying a new key: a refused connection (a wrong host or port, a service
        /// that is down) fails at once, while every other fault is retried as usual.
        /// </summary>
        public IAmazonS3 CreateForVerifying(S3Endpoint endpoint, S3Credentials credentials) => Create(endpoint, credentials, refusalIsFinal: true);

        private IAmazonS3 Create(S3Endpoint endpoint, S3Credentials credentials, bool refusalIsFinal)
        {
            var config = new AmazonS3Config
            {
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                ForcePathStyle = endpoint.ForcePathStyle,
                RetryMode = RequestRetryMode.Standard,
                MaxErrorRetry = _settings.MaxErrorRetry,
                Timeout = _settings.RequestTimeout,
                HttpClientFactory = new S3HttpClientFactory(_settings, refusalIsFinal),
            };
            if (endpoint.IsAmazon)
            {
                config.RegionEndpoint = RegionEndpoint.GetBySystemName(endpoint.Region);
            }
            else
            {
                config.ServiceURL = endpoint.Url;
                config.AuthenticationRegion = endpoint.Region;
                config.UseHttp = endpoint.Url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
            }

            AWSCredentials awsCredentials = credentials.SessionToken == null
                ? new BasicAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey)
                : new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
            var client = new AmazonS3Client(awsCredentials, config);
            Observe(client);
            return client;
        }

        /// <summary>A client and the object reader beside it, for the same endpoint and key.</summary>
        public S3Connection Connect(S3Endpoint endpoint, S3Credentials credentials)
        {
            var client = Create(endpoint, credentials);
            return new S3Connection(client, new S3ObjectReader(client, endpoint, credentials, _settings));
        }

        private void Observe(AmazonS3Client client)
        {
            var observer = _settings.RequestObserver;
            if (observer == null)
            {
                return;
            }

            client.BeforeRequestEvent += (_, args) =>
            {
                if (args is WebServiceRequestEventArgs request)
                {
                    observer(OperationName(request.Request.GetType().Name));
                }
            };
        }

        private static string OperationName(string requestTypeName) =>
            requestTypeName.EndsWith("Request", StringComparison.Ordinal)
                ? requestTypeName.Substring(0, requestTypeName.Length - "Request".Length)
                : requestTypeName;
    }

    /// <summary>Limits and hooks for the S3 clients an engine makes.</summary>
    public sealed class S3ClientSettings
    {
        public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

        public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

        /// <summary>How long verifying a new key may take in all, retries included.</summary>
        public TimeSpan VerifyTimeout { get; set; } = TimeSpan.FromSeconds(15);

        /// <summary>Retries after a throttling or server error, each after an exponentially growing, jittered wait.</summary>
        public int MaxErrorRetry { get; set; } = 5;

        /// <summary>The first wait before retrying a 429; it doubles with each retry (up to 20 s).</summary>
        public TimeSpan ThrottleBaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

        public int MaxConnectionsPerServer { get; set; } = 64;

        /// <summary>Keys asked for per ListObjectsV2 page; 1000 is the most S3 gives.</summary>
        public int ListPageSize { get; set; } = 1000;

        /// <summary>At most this many key ranges of one bucket listed at once (see <see cref="Items.ListingSplit"/>); 1 lists every bucket in one sequence of pages.</summary>
        public int ListingRanges { get; set; } = 8;

        /// <summary>
        /// A listing is split into key ranges only when its first page took at least this long: a
        /// far endpoint (a Space in another region is 40 ms or more away, and a new connection waits
        /// one more round trip). A page of 1,000 keys from a server on the same machine takes 10–20 ms
        /// of that server's CPU, which ranges side by side do not shorten; on 2 cores at load average
        /// 12–20 it took over 25 ms, and a quick P2 run split its listings.
        /// </summary>
        public TimeSpan ListingRangeLatency { get; set; } = TimeSpan.FromMilliseconds(35);

        /// <summary>Called with the operation name (ListObjectsV2, GetObject, HeadObject …) before each request; for request counts in benchmarks and tests.</summary>
        public Action<string>? RequestObserver { get; set; }
    }
}
