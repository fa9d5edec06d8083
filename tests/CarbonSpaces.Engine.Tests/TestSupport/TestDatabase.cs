using System;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using Npgsql;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// A database of its own on the test server (CARBONSPACES_TEST_POSTGRES), created empty for one test and dropped
    /// when it ends, so tests never see each other's schema or rows.
    /// </summary>
    public sealed class TestDatabase : IDisposable
    {
        public const string ServerVariable = "CARBONSPACES_TEST_POSTGRES";

        private readonly string _server;

        public TestDatabase()
        {
            _server = Environment.GetEnvironmentVariable(ServerVariable)
                ?? throw new InvalidOperationException($"{ServerVariable} is not set (use [PostgresFact]).");
            Name = "carbon_test_" + Guid.NewGuid().ToString("N");
            Admin($"CREATE DATABASE {Name};");
            Uri = ReplaceDatabase(_server, Name);
            Location = (PostgresStoreLocation)StoreLocation.Resolve(Uri);
        }

        public string Name { get; }

        /// <summary>postgresql://…/carbon_test_… of this database.</summary>
        public string Uri { get; }

        internal PostgresStoreLocation Location { get; }

        /// <summary>A plain Npgsql connection to this database (no pgvector mapping), to look at what the store made.</summary>
        public NpgsqlConnection Connect()
        {
            var connection = new NpgsqlConnection(Location.ConnectionString);
            connection.Open();
            return connection;
        }

        public object? Scalar(string sql)
        {
            using var connection = Connect();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteScalar();
        }

        public void Dispose()
        {
            NpgsqlConnection.ClearAllPools();
            Admin($"DROP DATABASE IF EXISTS {Name} WITH (FORCE);");
        }

        private void Admin(string sql)
        {
            var server = (PostgresStoreLocation)StoreLocation.Resolve(_server);
            using var connection = new NpgsqlConnection(server.ConnectionString);
            connection.Open();
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }

        private static string ReplaceDatabase(string uri, string database)
        {
            var query = uri.IndexOf('?');
            var path = uri.LastIndexOf('/', query >= 0 ? query : uri.Length - 1);
            return uri.Substring(0, path + 1) + database + (query >= 0 ? uri.Substring(query) : string.Empty);
        }
    }
}
