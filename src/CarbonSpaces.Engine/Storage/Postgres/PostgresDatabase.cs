using System;
using CarbonSpaces.Engine.Common;
using Npgsql;
using Pgvector.Npgsql;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    /// <summary>
    /// Opens a PostgreSQL store: an Npgsql data source (its connection pool) that reads and writes pgvector's
    /// vector type, with the store's schema brought up to date. Connection failures become errors that name
    /// the store (without its password) and say what to check.
    /// </summary>
    internal static class PostgresDatabase
    {
        public static NpgsqlDataSource Open(PostgresStoreLocation location)
        {
            var builder = new NpgsqlDataSourceBuilder(location.ConnectionString);
            builder.UseVector();
            var dataSource = builder.Build();
            try
            {
                using (var connection = dataSource.OpenConnection())
                {
                    if (PostgresSchema.Migrate(connection, location) > 0)
                    {
                        // Npgsql learnt the server's types when the pool opened, maybe before CREATE EXTENSION vector.
                        connection.ReloadTypes();
                    }
                }

                return dataSource;
            }
            catch (Exception ex)
            {
                dataSource.Dispose();
                var translated = Translate(ex, location);
                if (translated != null)
                {
                    throw translated;
                }

                throw;
            }
        }

        private static CarbonSpacesException? Translate(Exception error, PostgresStoreLocation location)
        {
            var store = location.Display;
            switch (error)
            {
                case PostgresException { SqlState: PostgresErrorCodes.InvalidPassword } or PostgresException { SqlState: PostgresErrorCodes.InvalidAuthorizationSpecification }:
                    return new CarbonSpacesException("CarbonSpaces.StoreAuthenticationFailed", FailureKind.AuthenticationFailed,
                        $"The PostgreSQL server of the store '{store}' refused the user name or password. Check the user in the location and the password in PGPASSWORD or the password file (~/.pgpass, or PGPASSFILE).",
                        store, error);
                case PostgresException { SqlState: PostgresErrorCodes.InvalidCatalogName }:
                    return new CarbonSpacesException("CarbonSpaces.StoreNotFound", FailureKind.NotFound,
                        $"The database of the store '{store}' does not exist. Create it first (CREATE DATABASE), or correct the database name in the location.",
                        store, error);
                case PostgresException { SqlState: PostgresErrorCodes.UndefinedFile } extension when extension.MessageText.Contains("extension"):
                    return new CarbonSpacesException("CarbonSpaces.StoreExtensionMissing", FailureKind.NotSupported,
                        $"The PostgreSQL server of the store '{store}' lacks an extension CarbonSpaces needs ({extension.MessageText}). Install pgvector on the server (and allow the extensions vector and unaccent on a managed service).",
                        store, error);
                case PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } privilege:
                    return new CarbonSpacesException("CarbonSpaces.StorePermissionDenied", FailureKind.PermissionDenied,
                        $"The user of the store '{store}' may not create its tables or extensions ({privilege.MessageText}). Have a superuser run CREATE EXTENSION vector in the database once (a managed service must allow the extensions vector and unaccent), and grant the user CREATE on the database's schema.",
                        store, error);
                case NpgsqlException and not PostgresException:
                    // Npgsql's own failures: no server at the address, a timeout, TLS, or a password the server asked for and none was found.
                    return new CarbonSpacesException("CarbonSpaces.StoreConnectionFailed", FailureKind.ConnectionFailed,
                        $"Cannot connect to the PostgreSQL server of the store '{store}': {error.Message.TrimEnd('.')}. Check the host and port, that the server accepts connections from this machine, and the password in PGPASSWORD or the password file (~/.pgpass, or PGPASSFILE).",
                        store, error);
                default:
                    return null;
            }
        }
    }
}
