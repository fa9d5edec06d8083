using System;
using System.Collections.Concurrent;
using System.Security;

namespace CarbonSpaces.Hosting
{
    /// <summary>
    /// API keys given to Set-CarbonTranscriptionService with -ApiKey, kept in this process's memory
    /// only (the module's lifetime) and by endpoint, so later commands in the same session can use them.
    /// </summary>
    internal static class SessionServiceKeys
    {
        private static readonly ConcurrentDictionary<string, SecureString> Keys = new ConcurrentDictionary<string, SecureString>(StringComparer.Ordinal);

        public static void Remember(string endpoint, SecureString key) => Keys[endpoint] = key.Copy();

        public static SecureString? Find(string endpoint) => Keys.TryGetValue(endpoint, out var key) ? key : null;
    }
}
