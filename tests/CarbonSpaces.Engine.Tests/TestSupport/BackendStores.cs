using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Reflection;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit.Sdk;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// The store backends the parametrized store tests run on: one theory, one case a backend, the same calls
    /// through the store's interfaces and the same assertions. A test takes the backend's name from
    /// <see cref="BackendDataAttribute"/> and opens a fresh store of it with <see cref="Open"/>:
    /// <code>
    /// [Theory]
    /// [BackendData(BackendStores.Sqlite)]
    /// [BackendData(BackendStores.Postgres)]
    /// public void Something(string backend)
    /// {
    ///     using var store = BackendStores.Open(backend);
    ///     var sources = store.Store.DataSources;
    /// }
    /// </code>
    /// </summary>
    public static class BackendStores
    {
        public const string Sqlite = "sqlite";
        public const string Postgres = "postgres";

        /// <summary>A new, empty store: a SQLite file in a folder of its own, or a PostgreSQL database of its own; both deleted when it is disposed.</summary>
        public static BackendStore Open(string backend) => backend switch
        {
            Sqlite => BackendStore.OnSqlite(new TempStore()),
            Postgres => BackendStore.OnPostgres(new TestDatabase()),
            _ => throw new ArgumentException($"No store backend is called '{backend}'.", nameof(backend)),
        };
    }

    /// <summary>
    /// One case of a backend theory: the backend's name (and the theory's further arguments, if any), skipped with <see cref="PostgresFactAttribute"/>'s reason
    /// when it is PostgreSQL and CARBONSPACES_TEST_POSTGRES is not set, so the SQLite case still runs.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
    public sealed class BackendDataAttribute : DataAttribute
    {
        private readonly object[] _arguments;

        public BackendDataAttribute(string backend, params object[] arguments)
        {
            _arguments = new object[] { backend }.Concat(arguments).ToArray();
            if (backend == BackendStores.Postgres)
            {
                Skip = new PostgresFactAttribute().Skip;
            }
        }

        public override IEnumerable<object[]> GetData(MethodInfo testMethod)
        {
            yield return _arguments;
        }
    }

    /// <summary>
    /// A store of one backend for a test, with what holds it (the temporary file or database), which goes when the
    /// store is disposed. A store opened with <see cref="OpenAnother"/> shares the file or database but has its own
    /// connections, as another process (or another machine) would.
    /// </summary>
    public sealed class BackendStore : IDisposable
    {
        private readonly TempStore? _file;
        private readonly TestDatabase? _database;
        private readonly bool _ownsHolder;

        private BackendStore(IStore store, TempStore? file, TestDatabase? database, bool ownsHolder)
        {
            Store = store;
            _file = file;
            _database = database;
            _ownsHolder = ownsHolder;
        }

        /// <summary>The store under test, reached only through its interfaces, as the engine reaches it.</summary>
        public IStore Store { get; }

        internal static BackendStore OnSqlite(TempStore file) => new BackendStore(SqliteStore.Open(file.Path), file, null, ownsHolder: true);

        internal static BackendStore OnPostgres(TestDatabase database)
        {
            try
            {
                return new BackendStore(PostgresStore.Open(database.Location), null, database, ownsHolder: true);
            }
            catch
            {
                database.Dispose();
                throw;
            }
        }

        public IUnitOfWork BeginWrite() => Store.BeginWrite();

        /// <summary>
        /// Runs SQL on the file or database behind the store's back, to set up rows another area of the store writes
        /// (plain SQL both backends read alike); returns the rows changed.
        /// </summary>
        public int Execute(string sql)
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return command.ExecuteNonQuery();
        }

        /// <summary>The first column of the first row SQL run behind the store's back finds; null when it finds none or NULL.</summary>
        public object? Scalar(string sql)
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        /// <summary>The first column of the first row SQL run behind the store's back finds, as a long (an id, a count).</summary>
        public long ScalarLong(string sql) =>
            Convert.ToInt64(Scalar(sql) ?? throw new InvalidOperationException($"No value from: {sql}"));

        /// <summary>The first column of every row SQL run behind the store's back finds, as longs (ids in some order).</summary>
        public List<long> Longs(string sql)
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            var values = new List<long>();
            while (reader.Read())
            {
                values.Add(Convert.ToInt64(reader.GetValue(0)));
            }

            return values;
        }

        /// <summary>A second store on the same file or database, with connections of its own; disposing it leaves the file or database.</summary>
        public BackendStore OpenAnother() => _file != null
            ? new BackendStore(SqliteStore.Open(_file.Path), _file, null, ownsHolder: false)
            : new BackendStore(PostgresStore.Open(_database!.Location), null, _database, ownsHolder: false);

        public void Dispose()
        {
            Store.Dispose();
            if (_ownsHolder)
            {
                _file?.Dispose();
                _database?.Dispose();
            }
        }

        /// <summary>
        /// A plain connection to the file or database, apart from the store's; SQLite's enforces foreign keys as the
        /// store's own connection does (PostgreSQL always does), so a row deleted here takes or unlinks its dependents.
        /// </summary>
        private DbConnection Connect()
        {
            if (_database != null)
            {
                return _database.Connect();
            }

            var connection = new SqliteConnection($"Data Source={_file!.Path};Pooling=False;Foreign Keys=True");
            connection.Open();
            return connection;
        }
    }
}
