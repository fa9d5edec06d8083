using System;
using System.Linq;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Sources;

namespace CarbonSpaces.Engine.Connections
{
    /// <summary>
    /// Where a data source's objects live, normalised so that the same endpoint typed two ways is
    /// recognised as one: "nyc3.digitaloceanspaces.com", "https://nyc3.digitaloceanspaces.com/" and
    /// "https://reports.nyc3.digitaloceanspaces.com" are the same Space region.
    /// </summary>
    public sealed class S3Endpoint
    {
        public const string DefaultRegion = "us-east-1";
        private const string SpacesDomain = ".digitaloceanspaces.com";
        private const string AmazonDomain = ".amazonaws.com";

        private S3Endpoint(string url, string region, SourceProvider provider, bool isAmazon)
        {
            Url = url;
            Region = region;
            Provider = provider;
            IsAmazon = isAmazon;
        }

        /// <summary>The service URL, or empty for Amazon S3 itself (the SDK derives it from the region).</summary>
        public string Url { get; }

        public string Region { get; }

        public SourceProvider Provider { get; }

        public bool IsAmazon { get; }

        /// <summary>Path-style addressing keeps bucket names out of DNS, which S3-compatible servers need.</summary>
        public bool ForcePathStyle => !IsAmazon;

        public string DisplayName => IsAmazon ? $"Amazon S3 ({Region})" : new Uri(Url).Authority;

        public static S3Endpoint Parse(string? endpoint, string? region, SourceProvider? provider)
        {
            if (string.IsNullOrWhiteSpace(endpoint))
            {
                return new S3Endpoint(string.Empty, NonEmpty(region) ?? DefaultRegion, provider ?? SourceProvider.S3, isAmazon: true);
            }

            var uri = ParseUri(endpoint!.Trim());
            var host = uri.Host.ToLowerInvariant();

            if (host.EndsWith(SpacesDomain, StringComparison.Ordinal))
            {
                var spacesRegion = SpacesRegionOf(host, endpoint);
                return new S3Endpoint($"https://{spacesRegion}{SpacesDomain}", NonEmpty(region) ?? spacesRegion, provider ?? SourceProvider.DigitalOcean, isAmazon: false);
            }

            if (host == "s3" + AmazonDomain || (host.StartsWith("s3", StringComparison.Ordinal) && host.EndsWith(AmazonDomain, StringComparison.Ordinal)))
            {
                return new S3Endpoint(string.Empty, NonEmpty(region) ?? AmazonRegionOf(host) ?? DefaultRegion, provider ?? SourceProvider.S3, isAmazon: true);
            }

            var url = $"{uri.Scheme}://{uri.Authority}".ToLowerInvariant();
            return new S3Endpoint(url, NonEmpty(region) ?? DefaultRegion, provider ?? SourceProvider.S3, isAmazon: false);
        }

        private static Uri ParseUri(string endpoint)
        {
            var text = endpoint.Contains("://") ? endpoint : "https://" + endpoint;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                || string.IsNullOrEmpty(uri.Host)
                || endpoint.Any(char.IsWhiteSpace)
                || (uri.AbsolutePath != "/" && uri.AbsolutePath.Length > 0)
                || uri.Query.Length > 0)
            {
                throw Malformed(endpoint);
            }

            return uri;
        }

        private static string SpacesRegionOf(string host, string endpoint)
        {
            // <region>.digitaloceanspaces.com, <bucket>.<region>.digitaloceanspaces.com, <region>.cdn.digitaloceanspaces.com
            var labels = host.Substring(0, host.Length - SpacesDomain.Length).Split('.').Where(l => l != "cdn").ToArray();
            if (labels.Length == 0 || labels[labels.Length - 1].Length == 0)
            {
                throw Malformed(endpoint);
            }

            return labels[labels.Length - 1];
        }

        private static string? AmazonRegionOf(string host)
        {
            // s3.eu-west-1.amazonaws.com, s3-eu-west-1.amazonaws.com, s3.dualstack.eu-west-1.amazonaws.com
            var labels = host.Substring(0, host.Length - AmazonDomain.Length).Split('.');
            if (labels[0].StartsWith("s3-", StringComparison.Ordinal))
            {
                return labels[0].Substring(3);
            }

            var region = labels.Skip(1).LastOrDefault(l => l != "dualstack");
            return string.IsNullOrEmpty(region) ? null : region;
        }

        private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();

        private static CarbonSpacesException Malformed(string endpoint) =>
            new CarbonSpacesException(
                "CarbonSpaces.InvalidEndpoint",
                FailureKind.InvalidArgument,
                $"'{endpoint}' is not an S3 endpoint. Give a host name such as 'nyc3.digitaloceanspaces.com' or a URL such as 'https://s3.example.com:9000' (http or https, no path).",
                endpoint);
    }
}
