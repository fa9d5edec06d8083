using System.Threading;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>One file being extracted: its bytes, what it is, and the limits it must stay within.</summary>
    internal sealed class ExtractionContext
    {
        public ExtractionContext(FileContent content, string fileName, string format, ExtractionLimits limits, CancellationToken cancellation)
        {
            Content = content;
            FileName = fileName;
            Format = format;
            Limits = limits;
            Cancellation = cancellation;
        }

        public FileContent Content { get; }

        /// <summary>The name the user knows the file by (an object key), used in every message.</summary>
        public string FileName { get; }

        public string Format { get; }

        public ExtractionLimits Limits { get; }

        public CancellationToken Cancellation { get; }

        /// <summary>A budget for source text read before it becomes segments (decoded characters, XML text).</summary>
        public ExtractionBudget CreateCharacterBudget() =>
            new ExtractionBudget(Limits.MaxExtractedCharacters, () => ExtractionErrors.TooMuchText(FileName, Limits.MaxExtractedCharacters));

        /// <summary>A budget for the bytes inflated out of a zip-based document.</summary>
        public ExtractionBudget CreateUnpackedByteBudget() =>
            new ExtractionBudget(Limits.MaxUncompressedBytes, () => ExtractionErrors.TooMuchUnpackedData(FileName, Format, Limits.MaxUncompressedBytes));
    }
}
