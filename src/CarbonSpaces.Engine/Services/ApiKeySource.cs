using System;
using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Services
{
    /// <summary>Where a service's API key comes from each time it is needed.</summary>
    public enum ApiKeyKind
    {
        /// <summary>Given to the Set- cmdlet and kept in this process's memory for its life (the PowerShell session).</summary>
        Session,

        /// <summary>An environment variable of the process that runs the command, read at each use (for runbooks).</summary>
        Environment,

        /// <summary>A secret of PowerShell SecretManagement, read through the host at each use.</summary>
        SecretManagement,
    }

    /// <summary>
    /// Where the key of an embedding, rerank or transcription service comes from, as the store records it: the same
    /// kinds of source as a data source's secret, never the key itself. One command reads the key once, when it
    /// first needs it.
    /// </summary>
    public sealed class ApiKeySource
    {
        /// <summary>Keys given in this session, by the service they are for; never written anywhere.</summary>
        private static readonly ConcurrentDictionary<string, string> SessionKeys = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        [JsonConverter(typeof(JsonStringEnumConverter))]
        public ApiKeyKind Kind { get; set; } = ApiKeyKind.Session;

        /// <summary>The environment variable (Environment) or the secret's name (SecretManagement); null for Session.</summary>
        public string? Name { get; set; }

        /// <summary>The SecretManagement vault, when one was named; the default vault otherwise.</summary>
        public string? Vault { get; set; }

        /// <summary>How the source is shown, e.g. "Environment:OPENAI_API_KEY" or "SecretManagement:openai@RunbookVault".</summary>
        public override string ToString() => Name == null ? Kind.ToString() : Vault == null ? $"{Kind}:{Name}" : $"{Kind}:{Name}@{Vault}";

        /// <summary>Keeps <paramref name="key"/> in this process's memory for <paramref name="service"/> (what its setting is recorded under).</summary>
        public static ApiKeySource InSession(string service, string key)
        {
            SessionKeys[service] = key;
            return new ApiKeySource { Kind = ApiKeyKind.Session };
        }

        public static ApiKeySource FromEnvironment(string variable) => new ApiKeySource { Kind = ApiKeyKind.Environment, Name = variable };

        public static ApiKeySource FromSecret(string secretName, string? vault) => new ApiKeySource { Kind = ApiKeyKind.SecretManagement, Name = secretName, Vault = vault };

        /// <summary>
        /// The key for <paramref name="service"/>, or an error that names the service and says how to give the key
        /// (<paramref name="setCommand"/> is the cmdlet that sets it). SecretManagement is read through
        /// <paramref name="host"/>, which answers its own errors when the module or the secret is missing.
        /// </summary>
        public string Resolve(string service, string setCommand, IServiceKeyHost? host)
        {
            if (string.IsNullOrWhiteSpace(Name) && Kind != ApiKeyKind.Session)
            {
                throw Missing(service, $"its {Kind} source has no name. Run {setCommand} again with -ApiKeyVariable or -SecretName.");
            }

            string? key;
            switch (Kind)
            {
                case ApiKeyKind.Environment:
                    key = System.Environment.GetEnvironmentVariable(Name!);
                    return string.IsNullOrEmpty(key)
                        ? throw Missing(service, $"it is read from the environment variable '{Name}', which is not set in this process. Set it, or run {setCommand} again with -ApiKey or -SecretName.")
                        : key!;
                case ApiKeyKind.SecretManagement:
                    key = (host ?? throw Missing(service, $"it is the SecretManagement secret '{Name}', which only a PowerShell session can read. Use the CarbonSpaces cmdlets, or run {setCommand} with -ApiKeyVariable.")).ReadSecretText(Name!, Vault);
                    return string.IsNullOrEmpty(key)
                        ? throw Missing(service, $"the SecretManagement secret '{Name}' is empty. Store the key in it with Set-Secret.")
                        : key;
                default:
                    return SessionKeys.TryGetValue(service, out var held)
                        ? held
                        : throw Missing(service, $"it was given in another PowerShell session and is not kept. Run {setCommand} again with -ApiKey, or for unattended runs with -SecretName or -ApiKeyVariable.");
            }
        }

        private static CarbonSpacesException Missing(string service, string why) =>
            new CarbonSpacesException("CarbonSpaces.ApiKeyMissing", FailureKind.AuthenticationFailed, $"The API key for {service} is not available: {why}", service);
    }
}
