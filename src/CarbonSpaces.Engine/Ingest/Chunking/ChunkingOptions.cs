using System.Globalization;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// How one file's text is cut into chunks. A data source's settings make one instance; the ingestor adds the
    /// file name per file with <c>options with { PrependFilename = name }</c>.
    /// </summary>
    public sealed record ChunkingOptions
    {
        public const int DefaultChunkSize = 1500;
        public const int DefaultChunkOverlap = 20;

        /// <summary>The most tokens a chunk holds, file-name prefix included. At least 1.</summary>
        public int ChunkSize { get; init; } = DefaultChunkSize;

        /// <summary>How many tokens each chunk repeats from the end of the one before it. Smaller than <see cref="ChunkSize"/>.</summary>
        public int ChunkOverlap { get; init; } = DefaultChunkOverlap;

        /// <summary>Start a new chunk wherever the page, slide or sheet number changes.</summary>
        public bool SetPageAsBoundary { get; init; }

        /// <summary>The most records (csv/tsv/xlsx rows, json items) one chunk holds; null for no limit beyond <see cref="ChunkSize"/>.</summary>
        public int? MaxItemsPerChunk { get; init; }

        /// <summary>A file name each chunk's content starts with, on its own line; null or empty for none.</summary>
        public string? PrependFilename { get; init; }

        /// <summary>
        /// Throws <see cref="CarbonSpacesException"/> (<see cref="FailureKind.InvalidArgument"/>) when the settings
        /// cannot produce chunks. Cmdlets call it before any work starts; the chunker calls it again.
        /// </summary>
        public void Validate()
        {
            if (ChunkSize < 1)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.InvalidChunkSize",
                    FailureKind.InvalidArgument,
                    string.Format(CultureInfo.InvariantCulture, "ChunkSize {0} is not valid: a chunk must hold at least 1 token. Use a ChunkSize of 1 or more (the default is {1}).", ChunkSize, DefaultChunkSize),
                    ChunkSize);
            }

            if (ChunkOverlap < 0 || ChunkOverlap >= ChunkSize)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.InvalidChunkOverlap",
                    FailureKind.InvalidArgument,
                    string.Format(CultureInfo.InvariantCulture, "ChunkOverlap {0} is not valid with ChunkSize {1}: the overlap must be at least 0 and smaller than the chunk size, or chunks could not move forward. Lower ChunkOverlap or raise ChunkSize.", ChunkOverlap, ChunkSize),
                    ChunkOverlap);
            }

            if (MaxItemsPerChunk < 1)
            {
                throw new CarbonSpacesException(
                    "CarbonSpaces.InvalidMaxItemsPerChunk",
                    FailureKind.InvalidArgument,
                    string.Format(CultureInfo.InvariantCulture, "MaxItemsPerChunk {0} is not valid: a chunk must hold at least 1 item. Use 1 or more, or leave it unset for no limit.", MaxItemsPerChunk),
                    MaxItemsPerChunk);
            }
        }
    }
}
