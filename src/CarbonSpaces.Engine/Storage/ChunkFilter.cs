using System.Collections.Generic;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// Search-CarbonChunk's filters, whichever way the chunks are found: every one given must pass. The keyword and
    /// vector indexes each translate it into their own backend's terms.
    /// </summary>
    public sealed class ChunkFilter
    {
        public IReadOnlyDictionary<string, string>? Tags { get; set; }

        public IReadOnlyCollection<long>? FileIds { get; set; }

        public IReadOnlyCollection<long>? DataSourceIds { get; set; }

        public bool IsEmpty => (Tags == null || Tags.Count == 0) && (FileIds == null || FileIds.Count == 0) && (DataSourceIds == null || DataSourceIds.Count == 0);
    }
}
