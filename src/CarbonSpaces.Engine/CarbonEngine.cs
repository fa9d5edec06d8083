using System;
using System.Net;
using CarbonSpaces.Engine.AutoSync;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Connections;
using CarbonSpaces.Engine.Events;
using CarbonSpaces.Engine.Files;
using CarbonSpaces.Engine.Ingest;
using CarbonSpaces.Engine.Ingest.Embedding;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Ingest.Tools;
using CarbonSpaces.Engine.Items;
using CarbonSpaces.Engine.Search;
using CarbonSpaces.Engine.Services;
using CarbonSpaces.Engine.Services.Transcription;
using CarbonSpaces.Engine.Services.Embedding;
using CarbonSpaces.Engine.Services.Rerank;
using CarbonSpaces.Engine.Sources;
using CarbonSpaces.Engine.Storage;
using CarbonSpaces.Engine.Storage.Postgres;
using CarbonSpaces.Engine.Storage.Sqlite;

namespace CarbonSpaces.Engine
{
    /// <summary>
    /// The engine as one command sees it: a store opened for the duration of the command, and the
    /// services that work on it. Cmdlets open one per invocation and dispose it at the end.
    /// </summary>
    public sealed class CarbonEngine : IDisposable
    {
        private readonly Lazy<FileBuildParts> _buildParts;
        private readonly Lazy<FileSyncService> _fileSync;
        private readonly Lazy<ChunkRetriever> _retriever;
        private readonly Lazy<ResyncService> _resync;
        private readonly Lazy<AutoSyncRunner> _autoSync;

        private CarbonEngine(IStore store, ICredentialHost? credentialHost, S3ClientSettings settings, IServiceKeyHost? serviceKeys)
        {
            Store = store;
            Events = new EventLog(store);
            var clients = new S3ClientFactory(settings);
            var credentials = new CredentialResolver(credentialHost);
            Connector = new SourceConnector(clients, credentials);
            DataSources = new DataSourceService(store, Events, clients, credentials, settings);
            ItemSync = new ItemSynchronizer(store, Events, Connector, settings);
            Items = store.Items;
            Transcription = new TranscriptionService(store, serviceKeys, TranscriptionRetry.Default);
            EmbeddingModels = new EmbeddingModels(store, serviceKeys);
            RerankService = new RerankService(store, serviceKeys);

            // The parts that build files are composed once, and shared by every service that needs them. Each is made on
            // first use (as the store's indexes are): a new process's Connect-CarbonSpace or Sync-CarbonItem builds no files and searches nothing.
            _buildParts = new Lazy<FileBuildParts>(() => FileBuildParts.Create(
                new ExtractionServices(new ToolRunner(new ToolLocator()), () => Transcription.Client),
                new ChunkEmbedder(EmbeddingModels),
                store.Vectors));
            _fileSync = new Lazy<FileSyncService>(() => new FileSyncService(store, Events, Connector, settings, _buildParts.Value));
            Search = new ChunkSearch(store);
            _retriever = new Lazy<ChunkRetriever>(() => new ChunkRetriever(store, Search, EmbeddingModels, RerankService));
            _resync = new Lazy<ResyncService>(() => new ResyncService(store, Events, Connector, settings, _buildParts.Value));
            FileRemoval = new FileRemovalService(store, Events);
            AutoSyncSettings = new AutoSyncSettings(store);
            _autoSync = new Lazy<AutoSyncRunner>(() => new AutoSyncRunner(store, Events, Connector, ItemSync, AutoSyncSettings, _buildParts.Value));
            UnknownIds = new UnknownIds(store);
        }

        public IStore Store { get; }

        public EventLog Events { get; }

        public SourceConnector Connector { get; }

        public DataSourceService DataSources { get; }

        public ItemSynchronizer ItemSync { get; }

        public IItemStore Items { get; }

        public IFileStore Files => Store.Files;

        public IChunkStore Chunks => Store.Chunks;

        public FileSyncService FileSync => _fileSync.Value;

        public ChunkSearch Search { get; }

        /// <summary>Search in every mode (Keyword, Vector, Hybrid); <see cref="Search"/> is its keyword half.</summary>
        public ChunkRetriever Retriever => _retriever.Value;

        public EmbeddingModels EmbeddingModels { get; }

        public RerankService RerankService { get; }

        public ResyncService Resync => _resync.Value;

        public FileRemovalService FileRemoval { get; }

        public AutoSyncSettings AutoSyncSettings { get; }

        public AutoSyncRunner AutoSync => _autoSync.Value;

        public UnknownIds UnknownIds { get; }

        public TranscriptionService Transcription { get; }

        /// <param name="storePath">-StorePath; null for $env:CARBONSPACES_STORE or the per-user default.</param>
        /// <param name="serviceKeys">Reads the API keys of services (embedding, rerank, transcription) kept in SecretManagement, which only the host can.</param>
        /// <param name="storeCredential">-StoreCredential: the user name and password of a PostgreSQL store.</param>
        public static CarbonEngine Open(string? storePath, ICredentialHost? credentialHost = null, S3ClientSettings? settings = null, IServiceKeyHost? serviceKeys = null, NetworkCredential? storeCredential = null)
        {
            var store = OpenStore(StoreLocation.Resolve(storePath, storeCredential));
            return new CarbonEngine(store, credentialHost, settings ?? new S3ClientSettings(), serviceKeys);
        }

        /// <summary>The one place a store backend is chosen: every service reaches it through <see cref="IStore"/>.</summary>
        private static IStore OpenStore(StoreLocation location) => location switch
        {
            SqliteStoreLocation sqlite => SqliteStore.Open(sqlite.Path),
            PostgresStoreLocation postgres => PostgresStore.Open(postgres),
            _ => throw new ArgumentOutOfRangeException(nameof(location), location.Display, "a store location is SQLite or PostgreSQL"),
        };

        public void Dispose()
        {
            Transcription.Dispose();
            Store.Dispose();
        }
    }
}
