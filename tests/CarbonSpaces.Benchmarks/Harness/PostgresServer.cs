using System;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using Npgsql;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// The throw-away PostgreSQL server tools/bench.sh started for the PostgreSQL cases
    /// (<see cref="UriVariable"/>: postgresql://carbon@127.0.0.1:PORT/carbon, a superuser on a trusted loopback).
    /// Every measured run gets a database of its own, created empty, as a new store would be; the cases drop
    /// them once their figures are read, so the server holds one run's data at a time.
    /// </summary>
    internal sealed class PostgresServer
    {
        public const string UriVariable = "CARBONSPACES_BENCH_POSTGRES";

        /// <summary>The cluster's folder (start-postgres.sh's), where <see cref="PostgresCpu"/> finds the server's process.</summary>
        public const string DirectoryVariable = "CARBONSPACES_BENCH_POSTGRES_DIR";

        /// <summary>Every database the benchmark makes starts so, which tells them from the server's own.</summary>
        private const string Prefix = "bench_";

        private readonly string _adminUri;

        private PostgresServer(string adminUri)
        {
            _adminUri = adminUri;
        }

        /// <summary>The server tools/bench.sh started, or null when the run has none (the children inherit the variables).</summary>
        public static PostgresServer? FromEnvironment()
        {
            var uri = Environment.GetEnvironmentVariable(UriVariable);
            return string.IsNullOrEmpty(uri) ? null : new PostgresServer(uri);
        }

        public static bool IsStore(string storePath) => StoreLocation.IsServerLocation(storePath);

        /// <summary>A new empty database with pgvector, as TestDatabase makes one for a test; returns its store location.</summary>
        public string CreateDatabase(string name)
        {
            var database = Prefix + name.Replace('-', '_') + "_" + Guid.NewGuid().ToString("N").Substring(0, 8);
            Execute(_adminUri, $"CREATE DATABASE {database};");
            var uri = WithDatabase(database);
            Execute(uri, "CREATE EXTENSION vector;");
            return uri;
        }

        /// <summary>Drops every database the benchmark made (measured and warm-up stores alike).</summary>
        public void DropDatabases()
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = Connect(_adminUri);
            var names = new System.Collections.Generic.List<string>();
            using (var list = new NpgsqlCommand($"SELECT datname FROM pg_database WHERE datname LIKE '{Prefix.Replace("_", "\\_")}%'", connection))
            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                }
            }

            foreach (var name in names)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
                drop.ExecuteNonQuery();
            }
        }

        /// <summary>What a store's database takes on disk (tables, indexes, the extension's catalogue rows).</summary>
        public static double DatabaseBytes(string storeUri)
        {
            using var connection = Connect(storeUri);
            using var command = new NpgsqlCommand("SELECT pg_database_size(current_database())", connection);
            return Convert.ToDouble(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private string WithDatabase(string database)
        {
            var query = _adminUri.IndexOf('?');
            var path = _adminUri.LastIndexOf('/', query >= 0 ? query : _adminUri.Length - 1);
            return _adminUri.Substring(0, path + 1) + database + (query >= 0 ? _adminUri.Substring(query) : string.Empty);
        }

        private static void Execute(string uri, string sql)
        {
            using var connection = Connect(uri);
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        private static NpgsqlConnection Connect(string uri)
        {
            var location = (PostgresStoreLocation)StoreLocation.Resolve(uri);
            var connection = new NpgsqlConnection(location.ConnectionString);
            connection.Open();
            return connection;
        }
    }
}
