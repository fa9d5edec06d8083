using System;
using System.Collections.Generic;
using System.Data.Common;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Sdk;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>
    /// A store of one backend ("sqlite" on a temp file, "postgres" on a <see cref="TestDatabase"/>) seen through the
    /// files and chunks interfaces, with plain SQL for what other areas would write (data source rows) and to look at
    /// rows. pg-files' own opener until pg-sources' TestSupport/BackendStores.cs is on this branch (PostgresStore is
    /// not yet an IStore, so this one names the areas it needs).
    /// </summary>
    internal sealed class FileBackend : IDisposable
    {
        private readonly TempStore? _temp;
        private readonly TestDatabase? _database;
        private readonly bool _ownsPlace;
        private readonly Action _closeStore;
        private readonly Func<IUnitOfWork> _beginWrite;

        private FileBackend(TempStore? temp, TestDatabase? database, bool ownsPlace, Action closeStore, IFileStore files, IChunkStore chunks, Func<IUnitOfWork> beginWrite)
        {
            _temp = temp;
            _database = database;
            _ownsPlace = ownsPlace;
            _closeStore = closeStore;
            Files = files;
            Chunks = chunks;
            _beginWrite = beginWrite;
        }

        public IFileStore Files { get; }

        public IChunkStore Chunks { get; }

        public static FileBackend Open(string backend) => backend switch
        {
            "sqlite" => OnSqlite(new TempStore(), owner: true),
            "postgres" => OnPostgres(new TestDatabase(), owner: true),
            _ => throw new ArgumentOutOfRangeException(nameof(backend), backend, "sqlite or postgres"),
        };

        /// <summary>Another store on the same file or database (its own connection or pool), as another process would open.</summary>
        public FileBackend OpenAnother() => _temp != null ? OnSqlite(_temp, owner: false) : OnPostgres(_database!, owner: false);

        public IUnitOfWork BeginWrite() => _beginWrite();

        /// <summary>A data source row as the data source store would write it; its id.</summary>
        public DataSource AddDataSource(string name)
        {
            var id = Convert.ToInt64(Scalar(
                $@"INSERT INTO data_sources (name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, tags, created_at, updated_at, sync_status)
                   VALUES ('{name}', 'customer', 'S3', 'http://127.0.0.1:1/{name}', 'us-east-1', 'key-{name}', 'Session', '{{}}', 0, 0, 'READY') RETURNING id;"));
            return new DataSource { Id = id, Name = name };
        }

        public object? Scalar(string sql)
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var value = command.ExecuteScalar();
            return value is DBNull ? null : value;
        }

        public List<long> Longs(string sql)
        {
            using var connection = Connect();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            var values = new List<long>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                values.Add(Convert.ToInt64(reader.GetValue(0)));
            }

            return values;
        }

        public void Dispose()
        {
            _closeStore();
            if (_ownsPlace)
            {
                _temp?.Dispose();
                _database?.Dispose();
            }
        }

        private DbConnection Connect()
        {
            if (_database != null)
            {
                return _database.Connect();
            }

            var connection = new SqliteConnection($"Data Source={_temp!.Path};Pooling=False;Foreign Keys=True");
            connection.Open();
            return connection;
        }

        private static FileBackend OnSqlite(TempStore temp, bool owner)
        {
            var store = SqliteStore.Open(temp.Path);
            return new FileBackend(temp, null, owner, store.Dispose, store.Files, store.Chunks, store.BeginWrite);
        }

        private static FileBackend OnPostgres(TestDatabase database, bool owner)
        {
            var store = PostgresStore.Open(database.Location);
            return new FileBackend(null, database, owner, store.Dispose, store.Files, store.Chunks, store.BeginWrite);
        }
    }
}
