using System.Collections.Generic;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Engine.Sources
{
    /// <summary>What Connect-CarbonSpace asks for.</summary>
    public sealed class ConnectRequest
    {
        /// <summary>Host name or URL; null or empty for Amazon S3.</summary>
        public string? Endpoint { get; set; }

        public string? Region { get; set; }

        /// <summary>Overrides the provider detected from the endpoint.</summary>
        public SourceProvider? Provider { get; set; }

        public CredentialReference Credential { get; set; } = new CredentialReference(CredentialSource.Environment);

        /// <summary>The key and secret when the caller already holds them (session or SecretManagement); otherwise they are resolved from <see cref="Credential"/>.</summary>
        public S3Credentials? Credentials { get; set; }

        /// <summary>Defaults to the current user name.</summary>
        public string? CustomerId { get; set; }

        public string? Name { get; set; }

        public IReadOnlyDictionary<string, string>? Tags { get; set; }
    }

    public sealed class ConnectResult
    {
        public ConnectResult(DataSource dataSource, bool created, S3Credentials credentials)
        {
            DataSource = dataSource;
            Created = created;
            Credentials = credentials;
        }

        public DataSource DataSource { get; }

        /// <summary>False when an existing data source for the same endpoint and key was updated.</summary>
        public bool Created { get; }

        /// <summary>The verified key, so a host can keep a session secret for later commands.</summary>
        public S3Credentials Credentials { get; }
    }
}
