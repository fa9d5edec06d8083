using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using System.Xml;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// GETs objects with requests it signs itself instead of through the SDK. Measured here on 2
    /// cores, the SDK spends about 1 ms of CPU on each GET (request pipeline, endpoint rules,
    /// signing), a signed HttpClient GET about 0.3 ms: for a bucket of small files that was most of
    /// the CPU a sync needed. Everything else, listings included, stays with the SDK, and so do the
    /// GETs of keys that a URL cannot carry unchanged (dot segments such as "../"). Failures come
    /// out as the SDK's <see cref="AmazonS3Exception"/>, so <see cref="S3Failures"/> explains both
    /// paths alike.
    /// </summary>
    internal sealed class S3ObjectReader : IDisposable
    {
        /// <summary>An S3 error document is small; only this much of an error body is read.</summary>
        private const int MaxErrorBodyBytes = 64 * 1024;

        private const string BucketRegionHeader = "x-amz-bucket-region";

        private readonly IAmazonS3 _client;
        private readonly S3Endpoint _endpoint;
        private readonly S3ClientSettings _settings;
        private readonly SigV4Signer _signer;
        private readonly Lazy<HttpClient> _http;
        private readonly Func<DateTime> _utcNow;
        private readonly RetryBackoff _backoff;

        /// <summary>Where each bucket's objects are addressed: origin and the path before the key.</summary>
        private readonly ConcurrentDictionary<string, (string Origin, string PathPrefix)> _bucketAddresses = new ConcurrentDictionary<string, (string, string)>(StringComparer.Ordinal);

        /// <summary>Buckets that answered from another region: the SDK fetches their objects.</summary>
        private readonly ConcurrentDictionary<string, bool> _bucketsElsewhere = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);

        /// <summary>How far the server's clock is ahead of ours, learnt from a RequestTimeTooSkewed answer (as the SDK corrects its own requests).</summary>
        private long _clockOffsetTicks;

        private int _signedRequests;

        public S3ObjectReader(IAmazonS3 client, S3Endpoint endpoint, S3Credentials credentials, S3ClientSettings settings)
            : this(client, endpoint, credentials, settings, () => DateTime.UtcNow)
        {
        }

        /// <param name="utcNow">The local clock; tests give a wrong one.</param>
        internal S3ObjectReader(IAmazonS3 client, S3Endpoint endpoint, S3Credentials credentials, S3ClientSettings settings, Func<DateTime> utcNow)
        {
            _client = client;
            _endpoint = endpoint;
            _settings = settings;
            _utcNow = utcNow;
            _signer = new SigV4Signer(credentials, endpoint.Region);
            _backoff = new RetryBackoff(settings.ThrottleBaseDelay);

            // Most connections only list: the HTTP client is made at the first GET.
            _http = new Lazy<HttpClient>(() => S3HttpClientFactory.Create(settings, retryServerErrors: true));
        }

        /// <summary>How many requests the reader signed and sent itself, the others having gone through the SDK; tests check which path ran.</summary>
        internal int SignedRequests => _signedRequests;

        /// <param name="unlessETag">Answer null (304 Not Modified) when the object still has this ETag.</param>
        public Task<FetchedObject?> GetAsync(string bucket, string key, string? unlessETag, CancellationToken cancellation) =>
            GetAsync(bucket, key, unlessETag, new RetryBudget(_settings.MaxErrorRetry), cancellation);

        /// <summary>
        /// GETs the object and hands its open body to <paramref name="read"/>. A body that breaks off
        /// (<see cref="BrokenBodyException"/>) is a network fault like a connection dropped before the
        /// headers: the GET is sent again after a backoff, on the same <see cref="RetryBudget"/>, and
        /// what <paramref name="read"/> made of the broken body is never returned.
        /// </summary>
        /// <returns>What <paramref name="read"/> returned, or null (304 Not Modified) when the object still has <paramref name="unlessETag"/>.</returns>
        public async Task<T?> ReadAsync<T>(string bucket, string key, string? unlessETag, Func<FetchedObject, CancellationToken, Task<T>> read, CancellationToken cancellation)
            where T : class
        {
            var budget = new RetryBudget(_settings.MaxErrorRetry);
            while (true)
            {
                using (var fetched = await GetAsync(bucket, key, unlessETag, budget, cancellation).ConfigureAwait(false))
                {
                    if (fetched == null)
                    {
                        return null;
                    }

                    try
                    {
                        return await read(fetched, cancellation).ConfigureAwait(false);
                    }
                    catch (BrokenBodyException) when (!cancellation.IsCancellationRequested && budget.TrySpend())
                    {
                        // The answer is closed here; the GET is sent again below, after its backoff.
                    }
                }

                await Task.Delay(_backoff.Delay(budget.Spent - 1), cancellation).ConfigureAwait(false);
            }
        }

        private async Task<FetchedObject?> GetAsync(string bucket, string key, string? unlessETag, RetryBudget budget, CancellationToken cancellation)
        {
            var uri = _bucketsElsewhere.ContainsKey(bucket) ? null : ObjectUri(bucket, key);
            if (uri == null)
            {
                return await GetThroughSdkAsync(bucket, key, unlessETag, cancellation).ConfigureAwait(false);
            }

            _settings.RequestObserver?.Invoke("GetObject");
            var response = await SendAsync(uri, unlessETag, budget, cancellation).ConfigureAwait(false);
            if (IsFailure(response) && response.Headers.Contains(BucketRegionHeader))
            {
                // A redirect to the bucket's own region (301, or 400 for a signature scoped to ours):
                // the SDK knows how to follow it.
                response.Dispose();
                _bucketsElsewhere[bucket] = true;
                return await GetThroughSdkAsync(bucket, key, unlessETag, cancellation).ConfigureAwait(false);
            }

            if (IsFailure(response))
            {
                var serverTime = response.Headers.Date;
                var error = await FailureOfAsync(response, cancellation).ConfigureAwait(false);
                if (!CorrectClock(error, serverTime))
                {
                    throw error;
                }

                response = await SendAsync(uri, unlessETag, budget, cancellation).ConfigureAwait(false);
                if (IsFailure(response))
                {
                    throw await FailureOfAsync(response, cancellation).ConfigureAwait(false);
                }
            }

            return await FetchedAsync(response, _settings.RequestTimeout).ConfigureAwait(false);
        }

        public void Dispose()
        {
            if (_http.IsValueCreated)
            {
                _http.Value.Dispose();
            }
        }

        /// <summary>
        /// The object's URL, addressed as the SDK addresses it, or null when the URL parser would
        /// rewrite the path, which would then no longer name the key.
        /// </summary>
        internal Uri? ObjectUri(string bucket, string key)
        {
            var (origin, pathPrefix) = _bucketAddresses.GetOrAdd(bucket, BucketAddress);
            var path = pathPrefix + Encode(key);
            return Uri.TryCreate(origin + path, UriKind.Absolute, out var uri) && uri.AbsolutePath == path && uri.Query.Length == 0 ? uri : null;
        }

        /// <summary>
        /// Path style on S3-compatible endpoints, as the clients are configured. For Amazon S3 the
        /// SDK's own endpoint rules decide (virtual-hosted or path style, the partition's domain),
        /// read once per bucket from a URL it presigns locally.
        /// </summary>
        private (string Origin, string PathPrefix) BucketAddress(string bucket)
        {
            if (!_endpoint.IsAmazon)
            {
                return (_endpoint.Url, "/" + Encode(bucket) + "/");
            }

            const string probeKey = "k";
            var presigned = new Uri(_client.GetPreSignedURL(new GetPreSignedUrlRequest { BucketName = bucket, Key = probeKey, Expires = DateTime.UtcNow.AddMinutes(15) }));
            var path = presigned.AbsolutePath;
            return (presigned.GetLeftPart(UriPartial.Authority), path.Substring(0, path.Length - probeKey.Length));
        }

        /// <summary>S3's URI encoding: every UTF-8 byte but the unreserved characters and "/" as %XX.</summary>
        private static string Encode(string text)
        {
            var encoded = new StringBuilder(text.Length + 16);
            foreach (var b in Encoding.UTF8.GetBytes(text))
            {
                var c = (char)b;
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || c == '/')
                {
                    encoded.Append(c);
                }
                else
                {
                    encoded.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }

            return encoded.ToString();
        }

        private async Task<HttpResponseMessage> SendAsync(Uri uri, string? unlessETag, RetryBudget budget, CancellationToken cancellation)
        {
            Interlocked.Increment(ref _signedRequests);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            budget.AttachTo(request);
            if (unlessETag != null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", unlessETag);
            }

            _signer.Sign(request, _utcNow().AddTicks(Interlocked.Read(ref _clockOffsetTicks)));
            return await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        }

        private static bool IsFailure(HttpResponseMessage response) => !response.IsSuccessStatusCode && response.StatusCode != HttpStatusCode.NotModified;

        /// <summary>The error a failed answer carries; the answer is closed.</summary>
        private async Task<AmazonS3Exception> FailureOfAsync(HttpResponseMessage response, CancellationToken cancellation)
        {
            using (response)
            {
                return await ErrorOfAsync(response, _settings.RequestTimeout, cancellation).ConfigureAwait(false);
            }
        }

        /// <summary>The object of a 200 answer, or null for 304 Not Modified; the answer stays open until the object is disposed.</summary>
        /// <param name="stallLimit">How long a read of the body may wait for a byte (see <see cref="StallGuardedStream"/>).</param>
        private static async Task<FetchedObject?> FetchedAsync(HttpResponseMessage response, TimeSpan stallLimit)
        {
            if (response.StatusCode == HttpStatusCode.NotModified)
            {
                response.Dispose();
                return null;
            }

            try
            {
                var content = response.Content.Headers;
                var body = new StallGuardedStream(await response.Content.ReadAsStreamAsync().ConfigureAwait(false), stallLimit);
                return new FetchedObject(
                    content.ContentLength ?? -1,
                    response.Headers.TryGetValues("ETag", out var etags) ? etags.First() : null,
                    content.LastModified?.UtcDateTime,
                    content.TryGetValues("Content-Type", out var types) ? types.First() : null,
                    body,
                    response);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        /// <summary>
        /// S3 refuses a signature more than 15 minutes off its clock (RequestTimeTooSkewed); its
        /// Date header tells the offset, which is kept, so one refusal corrects every later request,
        /// as the SDK corrects its own.
        /// </summary>
        /// <returns>Whether the request is worth sending again.</returns>
        private bool CorrectClock(AmazonS3Exception error, DateTimeOffset? serverTime)
        {
            if (error.ErrorCode != "RequestTimeTooSkewed" || !serverTime.HasValue)
            {
                return false;
            }

            Interlocked.Exchange(ref _clockOffsetTicks, (serverTime.Value.UtcDateTime - _utcNow()).Ticks);
            return true;
        }

        private async Task<FetchedObject?> GetThroughSdkAsync(string bucket, string key, string? unlessETag, CancellationToken cancellation)
        {
            GetObjectResponse response;
            try
            {
                response = await _client.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, EtagToNotMatch = unlessETag }, cancellation).ConfigureAwait(false);
            }
            catch (AmazonS3Exception ex) when (unlessETag != null && ex.StatusCode == HttpStatusCode.NotModified)
            {
                return null;
            }

            var body = new StallGuardedStream(response.ResponseStream, _settings.RequestTimeout);
            return new FetchedObject(response.ContentLength, response.ETag, response.LastModified?.ToUniversalTime(), response.Headers.ContentType, body, response);
        }

        /// <summary>The S3 error document's code and message, as the SDK would have thrown them; the body gets <paramref name="timeLimit"/> to arrive.</summary>
        internal static async Task<AmazonS3Exception> ErrorOfAsync(HttpResponseMessage response, TimeSpan timeLimit, CancellationToken cancellation)
        {
            var status = response.StatusCode;
            string? code = null;
            string? message = null;
            string? requestId = null;
            try
            {
                using var body = new MemoryStream();
                using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                reading.CancelAfter(timeLimit);
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    var buffer = new byte[8192];
                    int read;
                    while (body.Length < MaxErrorBodyBytes && (read = await stream.ReadAsync(buffer, 0, buffer.Length, reading.Token).ConfigureAwait(false)) > 0)
                    {
                        body.Write(buffer, 0, read);
                    }
                }

                body.Position = 0;
                using var reader = XmlReader.Create(body, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                reader.MoveToContent();
                while (!reader.EOF)
                {
                    if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                    {
                        var name = reader.LocalName;
                        var value = reader.ReadElementContentAsString();
                        code = name == "Code" ? value : code;
                        message = name == "Message" ? value : message;
                        requestId = name == "RequestId" ? value : requestId;
                    }
                    else
                    {
                        reader.Read();
                    }
                }
            }
            catch (XmlException)
            {
                // Not an S3 error document (a proxy's page, say), or cut short: what was read and the status tell what is known.
            }
            catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !cancellation.IsCancellationRequested))
            {
                // The connection dropped or stalled while the error was read: the status still says what went wrong.
            }

            code = string.IsNullOrEmpty(code) ? (status == HttpStatusCode.NotFound ? "NoSuchKey" : status.ToString()) : code;
            message = string.IsNullOrEmpty(message) ? response.ReasonPhrase ?? code : message;
            return new AmazonS3Exception(message, ErrorType.Sender, code, requestId, status);
        }
    }

    /// <summary>An object's headers and open body, from either path of <see cref="S3ObjectReader"/>; disposing it closes the response.</summary>
    internal sealed class FetchedObject : IDisposable
    {
        private readonly IDisposable _response;

        public FetchedObject(long contentLength, string? etag, DateTime? lastModifiedUtc, string? contentType, Stream body, IDisposable response)
        {
            ContentLength = contentLength;
            ETag = etag;
            LastModifiedUtc = lastModifiedUtc;
            ContentType = contentType;
            Body = body;
            _response = response;
        }

        /// <summary>The declared length, or -1 when the answer did not declare one.</summary>
        public long ContentLength { get; }

        public string? ETag { get; }

        public DateTime? LastModifiedUtc { get; }

        public string? ContentType { get; }

        public Stream Body { get; }

        public void Dispose() => _response.Dispose();
    }
}
