using System;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Caps that keep one oversized or hostile file (a zip bomb dressed as a .docx, a multi-gigabyte
    /// log) from exhausting memory or time: exceeding either fails with CarbonSpaces.FileTooLarge.
    /// </summary>
    public sealed class ExtractionLimits
    {
        public const long DefaultMaxExtractedCharacters = 50_000_000;

        public const long DefaultMaxUncompressedBytes = 1L << 30;

        private readonly long _maxExtractedCharacters = DefaultMaxExtractedCharacters;
        private readonly long _maxUncompressedBytes = DefaultMaxUncompressedBytes;

        public static ExtractionLimits Default { get; } = new ExtractionLimits();

        /// <summary>The most text one file may yield (UTF-16 code units).</summary>
        public long MaxExtractedCharacters
        {
            get => _maxExtractedCharacters;
            init => _maxExtractedCharacters = RequirePositive(value, nameof(MaxExtractedCharacters));
        }

        /// <summary>
        /// The most XML a docx, pptx or xlsx may unpack to. Checked against the sizes the zip declares
        /// before anything is inflated, and again against the bytes actually inflated, because a
        /// hand-made zip can declare sizes that are lies.
        /// </summary>
        public long MaxUncompressedBytes
        {
            get => _maxUncompressedBytes;
            init => _maxUncompressedBytes = RequirePositive(value, nameof(MaxUncompressedBytes));
        }

        private static long RequirePositive(long value, string name)
        {
            if (value <= 0)
            {
                throw new ArgumentOutOfRangeException(name, value, name + " must be greater than zero.");
            }

            return value;
        }
    }
}
