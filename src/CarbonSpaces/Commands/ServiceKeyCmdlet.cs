using System.Management.Automation;
using System.Net;
using System.Security;
using CarbonSpaces.Engine.Services;

namespace CarbonSpaces.Commands
{
    /// <summary>
    /// The key parameters every Set- cmdlet of a service shares (Set-CarbonEmbeddingModel, Set-CarbonRerankService,
    /// Set-CarbonTranscriptionService): one source at most, from the same kinds as Connect-CarbonSpace's secrets
    /// (-SecretName and -Vault named as there). The store records the source, never the key.
    /// </summary>
    public abstract class ServiceKeyCmdlet : CarbonCmdlet
    {
        /// <summary>No key: Ollama, or a local server that needs none. The cmdlets' default parameter set.</summary>
        private protected const string NoKeySet = "NoKey";
        private const string SessionKeySet = "ApiKey";
        private const string SecretSet = "SecretName";
        private const string EnvironmentSet = "ApiKeyVariable";

        /// <summary>The service's key, kept in memory for this PowerShell session only (never stored).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionKeySet)]
        [ValidateNotNull]
        public SecureString? ApiKey { get; set; }

        /// <summary>A SecretManagement secret that holds the service's key, read at each command that uses it (for unattended runs).</summary>
        [Parameter(Mandatory = true, ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? SecretName { get; set; }

        /// <summary>The SecretManagement vault of -SecretName; the default vault when omitted.</summary>
        [Parameter(ParameterSetName = SecretSet)]
        [ValidateNotNullOrEmpty]
        public string? Vault { get; set; }

        /// <summary>The environment variable that holds the service's key, read at each command that uses it, such as OPENAI_API_KEY.</summary>
        [Parameter(Mandatory = true, ParameterSetName = EnvironmentSet)]
        [ValidateNotNullOrEmpty]
        public string? ApiKeyVariable { get; set; }

        /// <summary>Where the key comes from besides this session (-SecretName, -ApiKeyVariable); null for -ApiKey or no key.</summary>
        private protected ApiKeySource? KeySource =>
            SecretName != null ? ApiKeySource.FromSecret(SecretName, Vault)
            : ApiKeyVariable != null ? ApiKeySource.FromEnvironment(ApiKeyVariable)
            : null;

        /// <summary>The -ApiKey given, for the engine to keep in this process's memory; null otherwise.</summary>
        private protected string? SessionKey => ApiKey == null ? null : new NetworkCredential(string.Empty, ApiKey).Password;
    }
}
