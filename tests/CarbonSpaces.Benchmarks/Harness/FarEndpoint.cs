using System;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Tests.Shared;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// The far cases' endpoint: the run's RGW behind a <see cref="LatencyProxy"/> on 127.0.0.1
    /// (started on first use, stopped at the end of the run), and the accounts that reach it
    /// through the proxy. CarbonSpaces and its references take the same way.
    /// </summary>
    internal sealed class FarEndpoint : IDisposable
    {
        private readonly BenchOptions _options;
        private readonly S3Account _items;
        private readonly S3Account _files;
        private LatencyProxy? _proxy;

        public FarEndpoint(BenchOptions options, S3Account items, S3Account files)
        {
            _options = options;
            _items = items;
            _files = files;
        }

        /// <summary>The P1r/P2r user, through the proxy.</summary>
        public S3Account Items => Through(_items);

        /// <summary>The P3a-r/P4r user, through the proxy.</summary>
        public S3Account Files => Through(_files);

        /// <summary>Connections opened through the proxy so far (a new connection waits one more round trip).</summary>
        public int Connections => Proxy.Connections;

        /// <summary>"40 ms": what the cases' rows say the endpoint is.</summary>
        public string Describe() =>
            $"{_options.FarMilliseconds} ms" + (_options.FarBytesPerSecond > 0 ? $", {Format.Number(_options.FarBytesPerSecond * 8 / 1e6)} Mbit/s" : string.Empty);

        public void Dispose() => _proxy?.Dispose();

        private LatencyProxy Proxy => _proxy ??= new LatencyProxy(_items.Endpoint, TimeSpan.FromMilliseconds(_options.FarMilliseconds), _options.FarBytesPerSecond);

        private S3Account Through(S3Account account) => new S3Account
        {
            Endpoint = Proxy.Endpoint,
            Region = account.Region,
            AccessKey = account.AccessKey,
            SecretKey = account.SecretKey,
        };
    }
}
