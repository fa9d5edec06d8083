using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Storage.Sqlite;
using Npgsql;
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
    ///     var sources = store.Area(s => s.DataSources, p => p.DataSources);
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
        private readonly SqliteStore? _sqlite;
        private readonly PostgresStore? _postgres;
        private readonly TempStore? _file;
        private readonly TestDatabase? _database;
        private readonly bool _ownsHolder;

        private BackendStore(SqliteStore? sqlite, PostgresStore? postgres, TempStore? file, TestDatabase? database, bool ownsHolder)
        {
            _sqlite = sqlite;
            _postgres = postgres;
            _file = file;
            _database = database;
            _ownsHolder = ownsHolder;
        }

        public string Backend => _sqlite != null ? BackendStores.Sqlite : BackendStores.Postgres;

        public string Location => _sqlite != null ? _sqlite.Location : _postgres!.Location;

        /// <summary>The temporary SQLite file, to look at what the store wrote; null on PostgreSQL.</summary>
        public TempStore? File => _file;

        /// <summary>The temporary PostgreSQL database, to look at what the store wrote; null on SQLite.</summary>
        public TestDatabase? Database => _database;

        internal static BackendStore OnSqlite(TempStore file) => new BackendStore(SqliteStore.Open(file.Path), null, file, null, ownsHolder: true);

        internal static BackendStore OnPostgres(TestDatabase database)
        {
            try
            {
                return new BackendStore(null, PostgresStore.Open(database.Location), null, database, ownsHolder: true);
            }
            catch
            {
                database.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Runs SQL on the file or database behind the store's back, to set up rows another area of the store writes
        /// (plain SQL both backends read alike); returns the rows changed.
        /// </summary>
        public int Execute(string sql)
        {
            if (_file != null)
            {
                return _file.Execute(sql);
            }

            using var connection = _database!.Connect();
            using var command = new NpgsqlCommand(sql, connection);
            return command.ExecuteNonQuery();
        }

        /// <summary>The first column of the first row SQL run behind the store's back finds, as a long (an id, a count).</summary>
        public long ScalarLong(string sql)
        {
            if (_file != null)
            {
                using var sqlite = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file.Path};Pooling=False");
                sqlite.Open();
                using var query = sqlite.CreateCommand();
                query.CommandText = sql;
                return Convert.ToInt64(query.ExecuteScalar());
            }

            return Convert.ToInt64(_database!.Scalar(sql));
        }

        public IUnitOfWork BeginWrite() => _sqlite != null ? _sqlite.BeginWrite() : _postgres!.BeginWrite();

        /// <summary>
        /// One area of the store through its interface (<c>store.Area(s => s.DataSources, p => p.DataSources)</c>): the
        /// PostgreSQL store implements <see cref="IStore"/> only once all its areas are in, so each is reached through
        /// its own property until then.
        /// </summary>
        public T Area<T>(Func<SqliteStore, T> sqlite, Func<PostgresStore, T> postgres)
            where T : class => _sqlite != null ? sqlite(_sqlite) : postgres(_postgres!);

        /// <summary>A second store on the same file or database, with connections of its own; disposing it leaves the file or database.</summary>
        public BackendStore OpenAnother() => _sqlite != null
            ? new BackendStore(SqliteStore.Open(_file!.Path), null, _file, null, ownsHolder: false)
            : new BackendStore(null, PostgresStore.Open(_database!.Location), null, _database, ownsHolder: false);

        public void Dispose()
        {
            _sqlite?.Dispose();
            _postgres?.Dispose();
            if (_ownsHolder)
            {
                _file?.Dispose();
                _database?.Dispose();
            }
        }
    }
}
