using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Storage.Copy
{
    /// <summary>What Copy-CarbonStore moved: the rows of each table, counted again in the target before it committed.</summary>
    public sealed class StoreCopyResult
    {
        public StoreCopyResult(string from, string to, IReadOnlyDictionary<string, long> rows, TimeSpan duration)
        {
            From = from;
            To = to;
            Rows = rows;
            Duration = duration;
        }

        public string From { get; }

        /// <summary>The target as shown to a user: never its password.</summary>
        public string To { get; }

        /// <summary>Rows by table name (data_sources, items, files, chunks, chunk_vectors, events …).</summary>
        public IReadOnlyDictionary<string, long> Rows { get; }

        public TimeSpan Duration { get; }
    }
}
