using System.Collections.Concurrent;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Services;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>Plays the PowerShell session: holds session secrets and a small SecretManagement vault.</summary>
    public sealed class TestCredentialHost : ICredentialHost, IServiceKeyHost
    {
        /// <summary>Service keys kept in SecretManagement, by "name@vault" (the vault empty for the default one).</summary>
        public ConcurrentDictionary<string, string> ServiceSecrets { get; } = new ConcurrentDictionary<string, string>();

        /// <summary>How many times the engine read a service key from SecretManagement.</summary>
        public int ServiceSecretReads => _serviceSecretReads;

        private int _serviceSecretReads;

        /// <summary>Answers as PowerShellCredentialHost does: the secret's text, or SecretNotFound.</summary>
        public string ReadSecretText(string secretName, string? vault)
        {
            Interlocked.Increment(ref _serviceSecretReads);
            return ServiceSecrets.TryGetValue(secretName + "@" + vault, out var key)
                ? key
                : throw new CarbonSpacesException("CarbonSpaces.SecretNotFound", FailureKind.NotFound, $"Could not read secret '{secretName}'.", secretName);
        }

        private readonly ConcurrentDictionary<string, S3Credentials> _session = new ConcurrentDictionary<string, S3Credentials>();

        public ConcurrentDictionary<string, S3Credentials> Vault { get; } = new ConcurrentDictionary<string, S3Credentials>();

        public void Remember(string endpointUrl, S3Credentials credentials) => _session[endpointUrl + "\n" + credentials.AccessKeyId] = credentials;

        /// <summary>How many times the engine asked for a secret (the session's or the vault's).</summary>
        public int Lookups => _lookups;

        private int _lookups;

        public S3Credentials? GetSessionCredentials(string endpointUrl, string accessKeyId)
        {
            Interlocked.Increment(ref _lookups);
            return _session.TryGetValue(endpointUrl + "\n" + accessKeyId, out var credentials) ? credentials : null;
        }

        public S3Credentials ReadSecret(string secretName, string? vault, string? accessKeyId)
        {
            Interlocked.Increment(ref _lookups);
            return Vault[secretName];
        }
    }
}
