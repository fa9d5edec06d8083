using System.Collections.Generic;
using CarbonSpaces.Engine.Files;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>The chunks of the store's files, in order; a chunk's keyword index entries and vector go with it.</summary>
    public interface IChunkStore
    {
        /// <summary>A file's chunks in order, streamed, so a large file never sits in memory whole.</summary>
        IEnumerable<StoredChunk> ForFile(long fileId);

        /// <summary>
        /// A writer for the chunks of many files, its statements prepared once: the file sync's writer
        /// replaces the chunks of hundreds of files a unit of work. Dispose it when the run is over.
        /// </summary>
        IChunkWriter OpenWriter();
    }
}
