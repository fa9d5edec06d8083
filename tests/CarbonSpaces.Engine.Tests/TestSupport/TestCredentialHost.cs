using System.Collections.Concurrent;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>Plays the PowerShell session: holds session secrets and a small SecretManagement vault.</summary>
    public sealed class TestCredentialHost : ICredentialHost
    {
        private readonly ConcurrentDictionary<string, S3Credentials> _session = new ConcurrentDictionary<string, S3Credentials>();

        public ConcurrentDictionary<string, S3Credentials> Vault { get; } = new ConcurrentDictionary<string, S3Credentials>();

        public void Remember(string endpointUrl, S3Credentials credentials) => _session[endpointUrl + "\n" + credentials.AccessKeyId] = credentials;

        public S3Credentials? GetSessionCredentials(string endpointUrl, string accessKeyId) =>
            _session.TryGetValue(endpointUrl + "\n" + accessKeyId, out var credentials) ? credentials : null;

        public S3Credentials ReadSecret(string secretName, string? vault, string? accessKeyId) => Vault[secretName];
    }
}
