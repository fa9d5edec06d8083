using System;
using System.IO;
using System.Net;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage.Postgres;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Where a command's store lives: -StorePath, then $env:CARBONSPACES_STORE, then the per-user default file.
    /// A SQLite file path, or a PostgreSQL database given as a postgresql:// URI or an Npgsql connection string.
    /// </summary>
    public abstract class StoreLocation
    {
        public const string EnvironmentVariable = "CARBONSPACES_STORE";

        private protected StoreLocation()
        {
        }

        /// <summary>The location fit to show a user, in messages and output: never a password.</summary>
        public abstract string Display { get; }

        /// <param name="explicitLocation">-StorePath; null for $env:CARBONSPACES_STORE or the per-user default.</param>
        /// <param name="credential">-StoreCredential: the user name and password a PostgreSQL store connects with.</param>
        public static StoreLocation Resolve(string? explicitLocation, NetworkCredential? credential = null)
        {
            var location = Locate(explicitLocation);
            return credential == null ? location : location.WithCredential(credential);
        }

        /// <summary>True when the text names a PostgreSQL database rather than a file, so a host must not resolve it as a path.</summary>
        public static bool IsServerLocation(string text) => PostgresStoreLocation.Recognizes(text);

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

        /// <summary>The location connecting as the credential's user with its password; only a server location has either.</summary>
        private protected virtual StoreLocation WithCredential(NetworkCredential credential) =>
            throw new CarbonSpacesException("CarbonSpaces.InvalidStoreCredential", FailureKind.InvalidArgument,
                $"The store '{Display}' is a SQLite file, which has no user or password: give -StoreCredential only with a PostgreSQL store (postgresql://host/database).", Display);

        /// <summary>The display form, so that a location put into a message by string formatting never shows a password.</summary>
        public sealed override string ToString() => Display;

        private static StoreLocation Locate(string? explicitLocation)
        {
            if (!string.IsNullOrWhiteSpace(explicitLocation))
            {
                return Parse(explicitLocation!);
            }

            var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(fromEnvironment))
            {
                return Parse(fromEnvironment!);
            }

            return new SqliteStoreLocation(DefaultPath());
        }

        private static StoreLocation Parse(string text) =>
            PostgresStoreLocation.Recognizes(text)
                ? PostgresStoreLocation.Parse(text)
                : new SqliteStoreLocation(Path.GetFullPath(text));
    }
}
