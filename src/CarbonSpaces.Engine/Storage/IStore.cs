using System;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// The store a command works on, whatever keeps it: the engine opens one backend and every service reaches
    /// the data through it, a unit of work at a time for writes.
    /// </summary>
    public interface IStore : IDisposable
    {
        /// <summary>Where the store lives, fit to show a user: a file path, or a server address without its password.</summary>
        string Location { get; }

        IUnitOfWork BeginWrite();

        // data sources, settings, events, auto-sync, record ids
        IDataSourceStore DataSources { get; }

        ISettingsStore Settings { get; }

        IEventStore Events { get; }

        IAutoSyncStore AutoSync { get; }

        IRecordIdStore RecordIds { get; }

        // search
        IKeywordIndex Keywords { get; }

        IVectorIndex Vectors { get; }

        // items
        IItemStore Items { get; }

        // files and chunks
        IFileStore Files { get; }

        IChunkStore Chunks { get; }
    }
}
