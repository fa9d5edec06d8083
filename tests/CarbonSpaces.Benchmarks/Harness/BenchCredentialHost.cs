using System.Collections.Concurrent;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>Plays the PowerShell session that holds the secret given to Connect-CarbonSpace (CredentialSource.Session).</summary>
    internal sealed class BenchCredentialHost : ICredentialHost
    {
        private readonly ConcurrentDictionary<string, S3Credentials> _session = new ConcurrentDictionary<string, S3Credentials>();

        public void Remember(string endpointUrl, S3Credentials credentials) => _session[endpointUrl + "\n" + credentials.AccessKeyId] = credentials;

        public S3Credentials? GetSessionCredentials(string endpointUrl, string accessKeyId) =>
            _session.TryGetValue(endpointUrl + "\n" + accessKeyId, out var credentials) ? credentials : null;

        public S3Credentials ReadSecret(string secretName, string? vault, string? accessKeyId) =>
            throw new System.NotSupportedException("The benchmark connects with session credentials only.");
    }
}
