using System;
using CarbonSpaces.Engine.Common;
using Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// Brings a PostgreSQL store's schema up to this version's, one step a transaction. Safe when several processes
    /// (on several machines) open the store at once: each step runs under a transaction-scoped advisory lock, so the
    /// others wait, then read the version the first one wrote and skip the step.
    /// </summary>
    internal static class PostgresSchema
    {
        /// <summary>The advisory lock key every CarbonSpaces process takes to migrate ("Carbon" in ASCII, to stay clear of other applications' keys).</summary>
        internal const long MigrationLockKey = 0x436172626f6e;

        public static int CurrentVersion => PostgresMigrations.Steps.Count;

        /// <summary>Applies the missing steps; returns how many it applied (the caller reloads Npgsql's types after any).</summary>
        public static int Migrate(NpgsqlConnection connection, StoreLocation location)
        {
            var version = ReadVersion(connection, null);
            RefuseNewer(version, location);
            var applied = 0;
            while (version < CurrentVersion)
            {
                using var transaction = connection.BeginTransaction();
                Execute(connection, transaction, $"SELECT pg_advisory_xact_lock({MigrationLockKey});");
                version = ReadVersion(connection, transaction);
                RefuseNewer(version, location);
                if (version >= CurrentVersion)
                {
                    break;
                }

                Execute(connection, transaction, PostgresMigrations.Steps[version]);
                Execute(connection, transaction,
                    $"INSERT INTO carbon_schema (id, version) VALUES (1, {version + 1}) ON CONFLICT (id) DO UPDATE SET version = excluded.version;");
                transaction.Commit();
                version++;
                applied++;
            }

            return applied;
        }

        /// <summary>
        /// The schema version, 0 for a database CarbonSpaces has not used yet (no carbon_schema table in the schema it
        /// creates its tables in). Read from pg_tables, not with to_regclass: a process that waited for the lock while
        /// another one created the table may still hold "no such table" in its catalog cache, which to_regclass trusts.
        /// </summary>
        internal static int ReadVersion(NpgsqlConnection connection, NpgsqlTransaction? transaction)
        {
            using (var exists = new NpgsqlCommand(
                "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = 'carbon_schema');",
                connection, transaction))
            {
                if (!(bool)exists.ExecuteScalar()!)
                {
                    return 0;
                }
            }

            using var read = new NpgsqlCommand("SELECT version FROM carbon_schema WHERE id = 1;", connection, transaction);
            return read.ExecuteScalar() is int version ? version : 0;
        }

        private static void Execute(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
        {
            using var command = new NpgsqlCommand(sql, connection, transaction);
            command.ExecuteNonQuery();
        }

        private static void RefuseNewer(int version, StoreLocation location)
        {
            if (version > CurrentVersion)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.StoreFromNewerVersion",
                    FailureKind.NotSupported,
                    $"The store '{location.Display}' was written by a newer version of CarbonSpaces (schema {version}; this version knows up to {CurrentVersion}). Update the module (Update-Module CarbonSpaces), or use -StorePath to work with another store.",
                    location.Display);
            }
        }
    }
}
