using System;
using System.Threading;
using System.Threading.Tasks;
using Amazon.S3;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Sources
{
    /// <summary>Connects to a saved data source's endpoint, resolving its secret from where the data source says it lives.</summary>
    public sealed class SourceConnector
    {
        private readonly S3ClientFactory _clients;
        private readonly CredentialResolver _credentials;

        public SourceConnector(S3ClientFactory clients, CredentialResolver credentials)
        {
            _clients = clients;
            _credentials = credentials;
        }

        public S3Connection Open(DataSource source)
        {
            var endpoint = source.ParsedEndpoint;
            var credentials = _credentials.Resolve(source.Credential, endpoint.Url, source.AccessKeyId, source.Subject);
            return _clients.Connect(endpoint, credentials);
        }

        /// <summary>Runs one S3 call and turns its failure into a message that names <paramref name="subject"/>.</summary>
        public static async Task<T> CallAsync<T>(DataSource source, string subject, Func<Task<T>> call, CancellationToken cancellation)
        {
            try
            {
                return await call().ConfigureAwait(false);
            }
            catch (Exception ex) when (!(ex is OperationCanceledException && cancellation.IsCancellationRequested))
            {
                throw S3Failures.Translate(ex, source.ParsedEndpoint, source.AccessKeyId, subject, cancellation);
            }
        }
    }
}
