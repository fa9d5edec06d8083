using System;
using System.IO;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>Decides which store file a command uses: -StorePath, then $env:CARBONSPACES_STORE, then the per-user default.</summary>
    public static class StoreLocation
    {
        public const string EnvironmentVariable = "CARBONSPACES_STORE";

        public static string Resolve(string? explicitPath)
        {
            if (!string.IsNullOrWhiteSpace(explicitPath))
            {
                return Path.GetFullPath(explicitPath);
            }

            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return Path.GetFullPath(fromEnvironment);
            }

            return DefaultPath();
        }

        public static string DefaultPath()
        {
            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
            if (string.IsNullOrEmpty(root))
            {
                // No profile folder (a service account, a minimal container): fall back to the home directory.
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(root, "CarbonSpaces", "carbon.db");
        }
    }
}
