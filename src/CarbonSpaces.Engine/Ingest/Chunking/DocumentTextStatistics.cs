namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>The size of a file's text as the chunker sees it, recorded per file alongside its chunk count.</summary>
    public sealed class DocumentTextStatistics
    {
        public DocumentTextStatistics(long characters, long tokens)
        {
            Characters = characters;
            Tokens = tokens;
        }

        /// <summary>UTF-16 code units in the document text (the segments joined by a blank line), the unit chunk offsets use.</summary>
        public long Characters { get; }

        /// <summary>Tokens in the document text: each segment counted on its own, plus the blank lines between them.</summary>
        public long Tokens { get; }
    }
}
