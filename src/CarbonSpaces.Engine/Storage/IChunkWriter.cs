using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Chunking;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>Replaces files' chunks, a file at a time, inside the caller's unit of work.</summary>
    public interface IChunkWriter : IDisposable
    {
        /// <summary>
        /// Replaces a file's chunks with <paramref name="chunks"/> inside <paramref name="work"/>: a search sees
        /// the old chunks or the new ones, never a mix. The old chunks' vectors go with them.
        /// </summary>
        /// <returns>The new chunks' ids, in the order of <paramref name="chunks"/>, for their vectors.</returns>
        IReadOnlyList<long> Replace(IUnitOfWork work, long fileId, IReadOnlyList<TextChunk> chunks);
    }
}
