using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Storage.Sqlite;
using CarbonSpaces.Engine.Tests.TestSupport;
using Xunit.Sdk;

namespace CarbonSpaces.Engine.Tests.Storage.Backends
{
    /// <summary>
    /// A fresh store of one backend ("sqlite": a temporary file; "postgres": a database of its own on the test
    /// server) for the search indexes' tests, with the data sources, files and chunks they search written as plain
    /// SQL both backends read alike. The search tests' own until the shared TestSupport/BackendStores.cs exists.
    /// </summary>
    internal sealed class SearchBackend : IDisposable
    {
        private readonly TempStore? _file;
        private readonly TestDatabase? _database;
        private readonly List<IDisposable> _stores = new List<IDisposable>();

        public SearchBackend(string backend)
        {
            Name = backend;
            if (backend == "sqlite")
            {
                _file = new TempStore();
            }
            else
            {
                _database = new TestDatabase();
            }

            Open(out var keywords, out var vectors, out var execute, out var beginWrite);
            Keywords = keywords;
            Vectors = vectors;
            Execute = execute;
            BeginWrite = beginWrite;
        }

        public string Name { get; }

        public IKeywordIndex Keywords { get; }

        public IVectorIndex Vectors { get; }

        /// <summary>Runs SQL on the store's own connection (outside any unit of work).</summary>
        public Action<string> Execute { get; }

        public Func<IUnitOfWork> BeginWrite { get; }

        /// <summary>The PostgreSQL store first opened ("postgres" only), for tests of what only that backend has.</summary>
        public PostgresStore? Postgres { get; private set; }

        /// <summary>Another store on the same file or database (for PostgreSQL, another pool: another machine, in effect).</summary>
        public (IVectorIndex Vectors, Func<IUnitOfWork> BeginWrite) OpenAnother()
        {
            Open(out _, out var vectors, out _, out var beginWrite);
            return (vectors, beginWrite);
        }

        public void AddDataSource(long id) =>
            Execute($@"INSERT INTO data_sources (id, name, customer_id, data_source_metadata, endpoint, region, access_key_id, credential_source, created_at, updated_at, sync_status)
                       VALUES ({id}, 'source {id}', 'customer', '{{""source"":{id}}}', 'http://127.0.0.1:{9000 + id}', 'us-east-1', 'key{id}', 'None', 0, 0, 'Ready');");

        public void AddFile(long id, long dataSourceId, string tagsJson = "{}") =>
            Execute($@"INSERT INTO files (id, data_source_id, data_source_metadata, file_metadata, bucket, key, name, file_format, sync_status, tags, chunk_size, chunk_overlap, skip_embedding_generation, options, created_at, updated_at)
                       VALUES ({id}, {dataSourceId}, '{{""source"":{dataSourceId}}}', '{{""file"":{id}}}', 'bucket', 'docs/file{id}.txt', 'file{id}.txt', 'Text', 'Ready', '{tagsJson}', 500, 50, false, '{{}}', 0, 0);");

        public void AddChunk(long id, long fileId, int index, string content, int? page = null) =>
            Execute($@"INSERT INTO chunks (id, file_id, chunk_index, content, tokens, start_offset, end_offset, page)
                       VALUES ({id}, {fileId}, {index}, '{content.Replace("'", "''")}', 1, 0, {content.Length}, {(page.HasValue ? page.Value.ToString() : "NULL")});");

        public void Dispose()
        {
            foreach (var store in _stores)
            {
                store.Dispose();
            }

            _file?.Dispose();
            _database?.Dispose();
        }

        private void Open(out IKeywordIndex keywords, out IVectorIndex vectors, out Action<string> execute, out Func<IUnitOfWork> beginWrite)
        {
            if (_file != null)
            {
                var store = SqliteStore.Open(_file.Path);
                _stores.Add(store);
                keywords = store.Keywords;
                vectors = store.Vectors;
                execute = sql =>
                {
                    using var command = store.Command(sql);
                    command.ExecuteNonQuery();
                };
                beginWrite = store.BeginWrite;
            }
            else
            {
                var store = PostgresStore.Open(_database!.Location);
                Postgres ??= store;
                _stores.Add(new Disposer(store.Dispose));
                keywords = store.Keywords;
                vectors = store.Vectors;
                execute = sql =>
                {
                    using var command = store.Command(sql);
                    command.ExecuteNonQuery();
                };
                beginWrite = store.BeginWrite;
            }
        }

        private sealed class Disposer : IDisposable
        {
            private readonly Action _dispose;

            public Disposer(Action dispose) => _dispose = dispose;

            public void Dispose() => _dispose();
        }
    }
}
