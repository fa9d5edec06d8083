using System;
using System.Collections.Concurrent;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Services
{
    /// <summary>
    /// Where a service's key comes from each time it is needed; the store records only this. Session: given
    /// to the Set- cmdlet and kept in this process's memory for its life. Environment: an environment variable
    /// of the process that runs the command, read at each use (for runbooks).
    /// </summary>
    public sealed class ApiKeySource
    {
        /// <summary>Keys given in this session, by the service they are for; never written anywhere.</summary>
        private static readonly ConcurrentDictionary<string, string> SessionKeys = new ConcurrentDictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        public string Kind { get; set; } = "Session";

        /// <summary>The environment variable, for Environment.</summary>
        public string? Name { get; set; }

        public override string ToString() => Name == null ? Kind : $"{Kind}:{Name}";

        public static ApiKeySource InSession(string service, string key)
        {
            SessionKeys[service] = key;
            return new ApiKeySource { Kind = "Session" };
        }

        public static ApiKeySource FromEnvironment(string variable) => new ApiKeySource { Kind = "Environment", Name = variable };

        /// <summary>The key for <paramref name="service"/> (what its setting is recorded under), or an error that says how to give it.</summary>
        public string Resolve(string service)
        {
            string? key = Kind == "Environment" ? Environment.GetEnvironmentVariable(Name ?? string.Empty) : SessionKeys.TryGetValue(service, out var held) ? held : null;
            if (!string.IsNullOrEmpty(key))
            {
                return key!;
            }

            throw new CarbonSpacesException(
                "CarbonSpaces.ApiKeyMissing",
                FailureKind.AuthenticationFailed,
                Kind == "Environment"
                    ? $"The key for {service} is read from the environment variable '{Name}', which is not set in this process. Set it, or give the key with -ApiKey."
                    : $"The key for {service} was given in another PowerShell session and is not kept. Give it again with -ApiKey, or use -ApiKeyVariable for unattended runs.",
                service);
        }
    }
}
