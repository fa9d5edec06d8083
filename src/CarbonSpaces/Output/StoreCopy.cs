using System;
using EngineCopy = CarbonSpaces.Engine.Storage.Copy;

namespace CarbonSpaces
{
    /// <summary>What Copy-CarbonStore moved into the PostgreSQL store (each count checked there before it committed).</summary>
    public sealed class StoreCopy
    {
        internal StoreCopy(EngineCopy.StoreCopyResult result)
        {
            From = result.From;
            To = result.To;
            DataSources = Rows(result, "data_sources");
            Items = Rows(result, "items");
            Files = Rows(result, "files");
            Chunks = Rows(result, "chunks");
            Vectors = Rows(result, "chunk_vectors");
            Events = Rows(result, "events");
            Duration = result.Duration;
        }

        public string From { get; }

        /// <summary>The PostgreSQL store, without its password.</summary>
        public string To { get; }

        public long DataSources { get; }

        public long Items { get; }

        public long Files { get; }

        public long Chunks { get; }

        public long Vectors { get; }

        public long Events { get; }

        public TimeSpan Duration { get; }

        private static long Rows(EngineCopy.StoreCopyResult result, string table) => result.Rows.TryGetValue(table, out var rows) ? rows : 0;
    }
}
