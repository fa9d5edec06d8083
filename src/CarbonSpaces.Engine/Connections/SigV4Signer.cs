using System;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using Amazon.Util;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// Signs bodiless S3 requests with AWS Signature Version 4 in the Authorization header, as the
    /// S3 API reference describes it ("Authenticating Requests: Using the Authorization Header").
    /// Only what <see cref="S3ObjectReader"/> sends: no query string, no body, the path already
    /// encoded the way S3 expects (each segment URI-encoded once, never normalised).
    /// </summary>
    internal sealed class SigV4Signer
    {
        private const string Algorithm = "AWS4-HMAC-SHA256";
        private const string Service = "s3";

        /// <summary>The SHA-256 of an empty body, which every bodiless request declares.</summary>
        private const string EmptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        private readonly S3Credentials _credentials;
        private readonly string _region;
        private readonly object _keyLock = new object();
        private string? _keyDate;
        private byte[]? _key;

        public SigV4Signer(S3Credentials credentials, string region)
        {
            _credentials = credentials;
            _region = region;
        }

        /// <summary>Adds Host, x-amz-date, x-amz-content-sha256, the session token if any, and Authorization.</summary>
        public void Sign(HttpRequestMessage request, DateTime utcNow)
        {
            var uri = request.RequestUri!;
            var hostName = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost; // Host keeps an IPv6 address's brackets
            var host = uri.IsDefaultPort ? hostName : $"{hostName}:{uri.Port}";
            var timestamp = utcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
            var date = timestamp.Substring(0, 8);

            request.Headers.Host = host;
            request.Headers.Add("x-amz-date", timestamp);
            request.Headers.Add("x-amz-content-sha256", EmptyBodyHash);
            var canonicalHeaders = new StringBuilder()
                .Append("host:").Append(host).Append('\n')
                .Append("x-amz-content-sha256:").Append(EmptyBodyHash).Append('\n')
                .Append("x-amz-date:").Append(timestamp).Append('\n');
            var signedHeaders = "host;x-amz-content-sha256;x-amz-date";
            if (_credentials.SessionToken != null)
            {
                request.Headers.Add("x-amz-security-token", _credentials.SessionToken);
                canonicalHeaders.Append("x-amz-security-token:").Append(_credentials.SessionToken).Append('\n');
                signedHeaders += ";x-amz-security-token";
            }

            var canonicalRequest = $"{request.Method.Method}\n{uri.AbsolutePath}\n\n{canonicalHeaders}\n{signedHeaders}\n{EmptyBodyHash}";
            var scope = $"{date}/{_region}/{Service}/aws4_request";
            var stringToSign = $"{Algorithm}\n{timestamp}\n{scope}\n{Hex(Sha256(canonicalRequest))}";
            var signature = Hex(Hmac(SigningKey(date), stringToSign));
            request.Headers.TryAddWithoutValidation(
                "Authorization", $"{Algorithm} Credential={_credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        }

        /// <summary>The key derived from the secret for one day, region and service; computed once a day.</summary>
        private byte[] SigningKey(string date)
        {
            lock (_keyLock)
            {
                if (_keyDate != date)
                {
                    var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + _credentials.SecretAccessKey), date);
                    key = Hmac(key, _region);
                    key = Hmac(key, Service);
                    _key = Hmac(key, "aws4_request");
                    _keyDate = date;
                }

                return _key!;
            }
        }

        private static byte[] Hmac(byte[] key, string data)
        {
            using var hmac = new HMACSHA256(key);
            return hmac.ComputeHash(Encoding.UTF8.GetBytes(data));
        }

        private static byte[] Sha256(string data)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(Encoding.UTF8.GetBytes(data));
        }

        private static string Hex(byte[] bytes) => AWSSDKUtils.ToHex(bytes, lowercase: true);
    }
}
