using System;
using CarbonSpaces.Engine.Common;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>Brings a store's schema up to this version's, one step a transaction.</summary>
    internal static class SchemaMigrator
    {
        public static int CurrentVersion => Migrations.Steps.Count;

        public static void Migrate(SqliteConnection connection, string path)
        {
            var version = ReadVersion(connection, null);
            RefuseNewer(version, path);
            while (version < CurrentVersion)
            {
                // IMMEDIATE: a second process migrating at the same moment waits here, then sees the new version.
                using var transaction = connection.BeginTransaction(deferred: false);
                version = ReadVersion(connection, transaction);
                RefuseNewer(version, path);
                if (version >= CurrentVersion)
                {
                    break;
                }

                using (var command = connection.CreateCommand())
                {
                    command.Transaction = transaction;
                    command.CommandText = Migrations.Steps[version] + $"\nPRAGMA user_version = {version + 1};";
                    command.ExecuteNonQuery();
                }

                transaction.Commit();
                version++;
            }
        }

        private static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
        {
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "PRAGMA user_version;";
            return Convert.ToInt32(command.ExecuteScalar());
        }

        private static void RefuseNewer(int version, string path)
        {
            if (version > CurrentVersion)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.StoreFromNewerVersion",
                    FailureKind.NotSupported,
                    $"The store '{path}' was written by a newer version of CarbonSpaces (schema {version}; this version knows up to {CurrentVersion}). Update the module (Update-Module CarbonSpaces), or use -StorePath to work with another store.",
                    path);
            }
        }
    }
}
