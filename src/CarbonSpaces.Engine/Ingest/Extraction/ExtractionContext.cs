using System;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>One file being extracted: its bytes, what it is, how the user asked for it to be read, and the limits it must stay within.</summary>
    internal sealed class ExtractionContext
    {
        public ExtractionContext(FileContent content, string fileName, string format, ExtractionOptions options, CancellationToken cancellation)
        {
            Content = content;
            FileName = fileName;
            Format = format;
            Options = options;
            Cancellation = cancellation;
        }

        public FileContent Content { get; }

        /// <summary>The name the user knows the file by (an object key), used in every message.</summary>
        public string FileName { get; }

        public string Format { get; }

        public ExtractionOptions Options { get; }

        public ExtractionLimits Limits => Options.Limits;

        public CancellationToken Cancellation { get; }

        /// <summary>How deep inside other files this one is: 0 for the object itself, 1 for an attachment of it …</summary>
        public int Depth { get; init; }

        /// <summary>Extracts a part of this file (an e-mail's attachment or HTML body) with the extractor for its own format, one level deeper.</summary>
        public Func<FileContent, string, string?, Task<ExtractedDocument>> PartExtractor { get; init; } = (_, name, _) =>
            throw new InvalidOperationException($"'{name}' is a part of another file, which no DocumentExtractor is reading.");

        /// <summary>A budget for source text read before it becomes segments (decoded characters, XML text).</summary>
        public ExtractionBudget CreateCharacterBudget() =>
            new ExtractionBudget(Limits.MaxExtractedCharacters, () => ExtractionErrors.TooMuchText(FileName, Limits.MaxExtractedCharacters));

        /// <summary>A budget for the bytes inflated out of a zip-based document.</summary>
        public ExtractionBudget CreateUnpackedByteBudget() =>
            new ExtractionBudget(Limits.MaxUncompressedBytes, () => ExtractionErrors.TooMuchUnpackedData(FileName, Format, Limits.MaxUncompressedBytes));
    }
}
