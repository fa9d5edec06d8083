using System;
using System.Collections.Generic;
using System.IO;
using CarbonSpaces.Engine.Common;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Engine.Storage.Sqlite
{
    /// <summary>
    /// One SQLite file holding everything CarbonSpaces knows. A Store owns one connection and is
    /// used by one thread at a time: the engine funnels every write through it, so SQLite sees a
    /// single writer per process; WAL lets other processes read meanwhile.
    /// </summary>
    public sealed class SqliteStore : IStore
    {
        private const int SqliteBusyTimeoutMilliseconds = 30_000;

        private readonly Dictionary<string, SqliteCommand> _reused = new Dictionary<string, SqliteCommand>(StringComparer.Ordinal);

        // data sources, settings, events, auto-sync, record ids
        private readonly Lazy<SqliteDataSourceStore> _dataSources;
        private readonly Lazy<SqliteSettingsStore> _settings;
        private readonly Lazy<SqliteEventStore> _events;
        private readonly Lazy<SqliteAutoSyncStore> _autoSync;
        private readonly Lazy<SqliteRecordIdStore> _recordIds;

        // search
        private readonly Lazy<SqliteKeywordIndex> _keywords;
        private readonly Lazy<SqliteVectorIndex> _vectors;

        // items
        private readonly Lazy<SqliteItemStore> _items;

        // files and chunks
        private readonly Lazy<SqliteFileStore> _files;
        private readonly Lazy<SqliteChunkStore> _chunks;

        private SqliteStore(string path, SqliteConnection connection)
        {
            Path = path;
            Connection = connection;

            // data sources, settings, events, auto-sync, record ids
            _dataSources = new Lazy<SqliteDataSourceStore>(() => new SqliteDataSourceStore(this));
            _settings = new Lazy<SqliteSettingsStore>(() => new SqliteSettingsStore(this));
            _events = new Lazy<SqliteEventStore>(() => new SqliteEventStore(this));
            _autoSync = new Lazy<SqliteAutoSyncStore>(() => new SqliteAutoSyncStore(this));
            _recordIds = new Lazy<SqliteRecordIdStore>(() => new SqliteRecordIdStore(this));

            // search
            _keywords = new Lazy<SqliteKeywordIndex>(() => new SqliteKeywordIndex(this));
            _vectors = new Lazy<SqliteVectorIndex>(() => new SqliteVectorIndex(this));

            // items
            _items = new Lazy<SqliteItemStore>(() => new SqliteItemStore(this));

            // files and chunks
            _files = new Lazy<SqliteFileStore>(() => new SqliteFileStore(this));
            _chunks = new Lazy<SqliteChunkStore>(() => new SqliteChunkStore(this));
        }

        public string Path { get; }

        public string Location => Path;

        internal SqliteConnection Connection { get; }

        // data sources, settings, events, auto-sync, record ids
        public IDataSourceStore DataSources => _dataSources.Value;

        public ISettingsStore Settings => _settings.Value;

        public IEventStore Events => _events.Value;

        public IAutoSyncStore AutoSync => _autoSync.Value;

        public IRecordIdStore RecordIds => _recordIds.Value;

        // search
        public IKeywordIndex Keywords => _keywords.Value;

        public IVectorIndex Vectors => _vectors.Value;

        // items
        public IItemStore Items => _items.Value;

        // files and chunks
        public IFileStore Files => _files.Value;

        public IChunkStore Chunks => _chunks.Value;

        public static SqliteStore Open(string path)
        {
            SqliteLibrary.Initialize();
            EnsureDirectory(path);

            var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = path,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString());
            try
            {
                connection.Open();
                connection.DefaultTimeout = SqliteBusyTimeoutMilliseconds / 1000;
                Configure(connection);
                RegisterFunctions(connection);
                SchemaMigrator.Migrate(connection, path);
                return new SqliteStore(path, connection);
            }
            catch (SqliteException ex)
            {
                connection.Dispose();
                throw Translate(ex, path);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        internal SqliteCommand Command(string sql, IUnitOfWork? work = null)
        {
            var command = Connection.CreateCommand();
            command.CommandText = sql;
            command.Transaction = SqliteUnitOfWork.Of(work);
            return command;
        }

        public IUnitOfWork BeginWrite() => new SqliteUnitOfWork(Connection.BeginTransaction(deferred: false));

        /// <summary>
        /// A command kept for the life of the store and reused, so SQLite parses its statement once:
        /// for the statements run once per file or event. The caller adds its parameters and must
        /// not dispose it; the store does.
        /// </summary>
        internal SqliteCommand Reuse(string sql, IUnitOfWork? work = null)
        {
            if (!_reused.TryGetValue(sql, out var command))
            {
                command = Command(sql);
                _reused[sql] = command;
            }

            command.Parameters.Clear();
            command.Transaction = SqliteUnitOfWork.Of(work);
            return command;
        }

        public void Dispose()
        {
            foreach (var command in _reused.Values)
            {
                command.Dispose();
            }

            Connection.Dispose();
        }

        private static void Configure(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText =
                $"PRAGMA busy_timeout = {SqliteBusyTimeoutMilliseconds};" +
                "PRAGMA journal_mode = WAL;" +
                "PRAGMA synchronous = NORMAL;" +
                "PRAGMA foreign_keys = ON;";
            command.ExecuteNonQuery();
        }

        /// <summary>
        /// fold(text): lower case for every script. SQLite's own lower() and NOCASE fold ASCII only,
        /// so 'über*' would miss 'Über.pdf'; name filters use this instead.
        /// </summary>
        private static void RegisterFunctions(SqliteConnection connection) =>
            connection.CreateFunction<string?, string?>(FoldFunction, text => text?.ToLowerInvariant(), isDeterministic: true);

        internal const string FoldFunction = "fold";

        private static void EnsureDirectory(string path)
        {
            var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (string.IsNullOrEmpty(directory))
            {
                return;
            }

            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw NotWritable(path, ex);
            }
        }

        private static Exception Translate(SqliteException ex, string path)
        {
            const int SqlitePerm = 3, SqliteReadOnly = 8, SqliteCantOpen = 14, SqliteNotADatabase = 26, SqliteCorrupt = 11;
            switch (ex.SqliteErrorCode)
            {
                case SqlitePerm:
                case SqliteReadOnly:
                case SqliteCantOpen:
                    return NotWritable(path, ex);
                case SqliteNotADatabase:
                case SqliteCorrupt:
                    return new CarbonSpacesException(
                        "CarbonSpaces.StoreCorrupt",
                        FailureKind.InvalidData,
                        $"The store '{path}' is not a CarbonSpaces store or is damaged. Point -StorePath (or $env:CARBONSPACES_STORE) at another file, or move this one away to start a new store.",
                        path,
                        ex);
                default:
                    return new CarbonSpacesException(
                        "CarbonSpaces.StoreUnavailable",
                        FailureKind.ResourceUnavailable,
                        $"The store '{path}' could not be opened: {ex.Message} If another process holds it for a long write, try again shortly.",
                        path,
                        ex);
            }
        }

        private static CarbonSpacesException NotWritable(string path, Exception inner) =>
            new CarbonSpacesException(
                "CarbonSpaces.StoreNotWritable",
                FailureKind.WriteFailed,
                $"Cannot open or create the store '{path}': {inner.Message} Choose a folder you can write to with -StorePath or $env:CARBONSPACES_STORE.",
                path,
                inner);
    }
}
