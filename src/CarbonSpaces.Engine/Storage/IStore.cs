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

        // files and chunks
        IFileStore Files { get; }

        IChunkStore Chunks { get; }
    }
}
