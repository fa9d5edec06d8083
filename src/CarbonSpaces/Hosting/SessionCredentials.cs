using System;
using System.Collections.Concurrent;
using CarbonSpaces.Engine.Connections;

namespace CarbonSpaces.Hosting
{
    /// <summary>
    /// Secrets given to Connect-CarbonSpace with -Credential or -SecretKey, kept in this process's
    /// memory only (the module's lifetime), so later commands in the same session can use them.
    /// </summary>
    internal static class SessionCredentials
    {
        private static readonly ConcurrentDictionary<string, S3Credentials> Secrets = new ConcurrentDictionary<string, S3Credentials>(StringComparer.Ordinal);

        public static void Remember(string endpointUrl, S3Credentials credentials) => Secrets[Key(endpointUrl, credentials.AccessKeyId)] = credentials;

        public static S3Credentials? Find(string endpointUrl, string accessKeyId) =>
            Secrets.TryGetValue(Key(endpointUrl, accessKeyId), out var credentials) ? credentials : null;

        public static void Forget(string endpointUrl, string accessKeyId) => Secrets.TryRemove(Key(endpointUrl, accessKeyId), out _);

        private static string Key(string endpointUrl, string accessKeyId) => endpointUrl + "\n" + accessKeyId;
    }
}
