using System;
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
        /// <summary>An S3 error document is small; a longer body is not one.</summary>
        private const int MaxErrorBodyBytes = 64 * 1024;

        private readonly IAmazonS3 _client;
        private readonly S3Endpoint _endpoint;
        private readonly S3ClientSettings _settings;
        private readonly SigV4Signer _signer;
        private readonly Lazy<HttpClient> _http;
        private readonly Func<DateTime> _utcNow;

        /// <summary>How far the server's clock is ahead of ours, learnt from a RequestTimeTooSkewed answer (as the SDK corrects its own requests).</summary>
        private long _clockOffsetTicks;

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

            // Most connections only list: the HTTP client is made at the first GET.
            _http = new Lazy<HttpClient>(() => S3HttpClientFactory.Create(settings, retryServerErrors: true, settings.RequestTimeout));
        }

        /// <param name="unlessETag">Answer null (304 Not Modified) when the object still has this ETag.</param>
        public async Task<FetchedObject?> GetAsync(string bucket, string key, string? unlessETag, CancellationToken cancellation)
        {
            var uri = ObjectUri(bucket, key);
            if (uri == null)
            {
                return await GetThroughSdkAsync(bucket, key, unlessETag, cancellation).ConfigureAwait(false);
            }

            _settings.RequestObserver?.Invoke("GetObject");
            var response = await SendAsync(uri, unlessETag, cancellation).ConfigureAwait(false);
            if (IsClockSkewed(response))
            {
                response.Dispose();
                response = await SendAsync(uri, unlessETag, cancellation).ConfigureAwait(false);
            }

            try
            {
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    response.Dispose();
                    return null;
                }

                if (!response.IsSuccessStatusCode)
                {
                    throw await ErrorOfAsync(response).ConfigureAwait(false);
                }

                var content = response.Content.Headers;
                var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
                return new FetchedObject(
                    content.ContentLength ?? -1,
                    response.Headers.TryGetValues("ETag", out var etags) ? etags.First() : null,
                    content.LastModified?.UtcDateTime,
                    content.ContentType?.ToString(),
                    body,
                    response);
            }
            catch
            {
                response.Dispose();
                throw;
            }
        }

        private async Task<HttpResponseMessage> SendAsync(Uri uri, string? unlessETag, CancellationToken cancellation)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (unlessETag != null)
            {
                request.Headers.TryAddWithoutValidation("If-None-Match", unlessETag);
            }

            _signer.Sign(request, _utcNow().AddTicks(Interlocked.Read(ref _clockOffsetTicks)));
            return await _http.Value.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false);
        }

        /// <summary>
        /// S3 refuses a signature more than 15 minutes off its clock (403 RequestTimeTooSkewed). Such a
        /// refusal is told by its Date header being minutes away from our clock, which leaves the body for
        /// <see cref="ErrorOfAsync"/>; at worst a 403 for another reason is asked once more. The offset is
        /// kept, so one refusal corrects every later request, as the SDK corrects its own.
        /// </summary>
        private bool IsClockSkewed(HttpResponseMessage response)
        {
            var serverTime = response.Headers.Date;
            if (response.StatusCode != HttpStatusCode.Forbidden || !serverTime.HasValue)
            {
                return false;
            }

            var offset = serverTime.Value.UtcDateTime - _utcNow();
            if (Math.Abs(offset.TotalMinutes) < 5)
            {
                return false;
            }

            Interlocked.Exchange(ref _clockOffsetTicks, offset.Ticks);
            return true;
        }

        public void Dispose()
        {
            if (_http.IsValueCreated)
            {
                _http.Value.Dispose();
            }
        }

        /// <summary>
        /// The object's URL, addressed as the SDK addresses it (path style for S3-compatible
        /// endpoints, virtual-hosted for Amazon S3 when the bucket name allows), or null when the
        /// URL parser would rewrite the path, which would then no longer name the key.
        /// </summary>
        internal Uri? ObjectUri(string bucket, string key)
        {
            string origin;
            string path;
            if (!_endpoint.IsAmazon)
            {
                origin = _endpoint.Url;
                path = "/" + Encode(bucket) + "/" + Encode(key);
            }
            else if (bucket.IndexOf('.') < 0 && Uri.CheckHostName(bucket) == UriHostNameType.Dns && bucket == bucket.ToLowerInvariant())
            {
                origin = $"https://{bucket}.s3.{_endpoint.Region}.amazonaws.com";
                path = "/" + Encode(key);
            }
            else
            {
                origin = $"https://s3.{_endpoint.Region}.amazonaws.com";
                path = "/" + Encode(bucket) + "/" + Encode(key);
            }

            return Uri.TryCreate(origin + path, UriKind.Absolute, out var uri) && uri.AbsolutePath == path && uri.Query.Length == 0 ? uri : null;
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
                    encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                }
            }

            return encoded.ToString();
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

            return new FetchedObject(response.ContentLength, response.ETag, response.LastModified?.ToUniversalTime(), response.Headers.ContentType, response.ResponseStream, response);
        }

        /// <summary>The S3 error document's code and message, as the SDK would have thrown them.</summary>
        private static async Task<AmazonS3Exception> ErrorOfAsync(HttpResponseMessage response)
        {
            var status = response.StatusCode;
            string? code = null;
            string? message = null;
            string? requestId = null;
            try
            {
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if (body.Length > 0 && body.Length <= MaxErrorBodyBytes)
                {
                    using var reader = XmlReader.Create(new MemoryStream(body), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
                    while (reader.Read())
                    {
                        if (reader.NodeType == XmlNodeType.Element && reader.Depth == 1)
                        {
                            switch (reader.LocalName)
                            {
                                case "Code": code = reader.ReadElementContentAsString(); break;
                                case "Message": message = reader.ReadElementContentAsString(); break;
                                case "RequestId": requestId = reader.ReadElementContentAsString(); break;
                            }
                        }
                    }
                }
            }
            catch (XmlException)
            {
                // Not an S3 error document (a proxy's page, say): the status says what is known.
            }

            code ??= status == HttpStatusCode.NotFound ? "NoSuchKey" : status.ToString();
            return new AmazonS3Exception(message ?? response.ReasonPhrase ?? code, ErrorType.Sender, code, requestId, status);
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
