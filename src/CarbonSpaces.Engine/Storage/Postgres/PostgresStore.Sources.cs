using System.Threading;

namespace CarbonSpaces.Engine.Storage.Postgres
{
    // data sources, settings, events, auto-sync, record ids
    public sealed partial class PostgresStore
    {
        // Made on first use, as the SQLite store's Lazy areas are; this part cannot reach the constructor (a race makes a spare, which is dropped).
        private PostgresDataSourceStore? _dataSources;
        private PostgresSettingsStore? _settings;
        private PostgresEventStore? _events;
        private PostgresAutoSyncStore? _autoSync;
        private PostgresRecordIdStore? _recordIds;

        public IDataSourceStore DataSources => LazyInitializer.EnsureInitialized(ref _dataSources, () => new PostgresDataSourceStore(this))!;

        public ISettingsStore Settings => LazyInitializer.EnsureInitialized(ref _settings, () => new PostgresSettingsStore(this))!;

        public IEventStore Events => LazyInitializer.EnsureInitialized(ref _events, () => new PostgresEventStore(this))!;

        public IAutoSyncStore AutoSync => LazyInitializer.EnsureInitialized(ref _autoSync, () => new PostgresAutoSyncStore(this))!;

        public IRecordIdStore RecordIds => LazyInitializer.EnsureInitialized(ref _recordIds, () => new PostgresRecordIdStore(this))!;
    }
}
