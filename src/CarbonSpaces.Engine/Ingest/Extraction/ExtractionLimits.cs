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

        /// <summary>
        /// 512 MiB: generous, since XML rarely carries less than two bytes of markup per character
        /// of text, so a document within the text limit unpacks to far less; and it bounds the time
        /// a zip bomb of white space can take to read.
        /// </summary>
        public const long DefaultMaxUncompressedBytes = 512L << 20;

        /// <summary>A PDF's pages are parsed one at a time, but a huge page count still costs minutes: 5,000 pages is a long book.</summary>
        public const int DefaultMaxPdfPages = 5_000;

        /// <summary>An A4 page at 300 dpi takes tesseract 3–5 s on one core; three minutes leaves room for a busy machine, not for a hang.</summary>
        public static readonly TimeSpan DefaultOcrTimeout = TimeSpan.FromMinutes(3);

        /// <summary>100 megapixels: a 10,000 × 10,000 scan. Tesseract's time and memory grow with the pixels.</summary>
        public const long DefaultMaxImagePixels = 100_000_000;

        /// <summary>A scanned PDF costs seconds a page: past 500 pages the rest is left unread, and the file says so.</summary>
        public const int DefaultMaxOcrPages = 500;

        /// <summary>An e-mail forwarded as an attachment of an e-mail forwarded as an attachment: deeper nesting is left unread.</summary>
        public const int DefaultMaxAttachmentDepth = 3;

        /// <summary>25 MB: the most the large mail services let one message carry.</summary>
        public const long DefaultMaxAttachmentBytes = 25L << 20;

        /// <summary>Four hours: a whole-day recording is more likely a mistake than something to pay a service for.</summary>
        public static readonly TimeSpan DefaultMaxMediaDuration = TimeSpan.FromHours(4);

        private readonly long _maxExtractedCharacters = DefaultMaxExtractedCharacters;
        private readonly int _maxPdfPages = DefaultMaxPdfPages;
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

        /// <summary>The most pages a PDF may have; a longer one fails with CarbonSpaces.FileTooLarge before any page is read.</summary>
        public int MaxPdfPages
        {
            get => _maxPdfPages;
            init => _maxPdfPages = (int)RequirePositive(value, nameof(MaxPdfPages));
        }

        /// <summary>How long OCR of one image or PDF page may take before tesseract is stopped.</summary>
        public TimeSpan OcrTimeout { get; init; } = DefaultOcrTimeout;

        /// <summary>The most pixels an image may have to be read with OCR; a larger one fails with CarbonSpaces.FileTooLarge.</summary>
        public long MaxImagePixels { get; init; } = DefaultMaxImagePixels;

        /// <summary>The most pages without text one PDF has read with OCR (-UseOcr); the file notes any it left unread.</summary>
        public int MaxOcrPages { get; init; } = DefaultMaxOcrPages;

        /// <summary>How deep attachments inside attachments are read; deeper ones are left out, and the file says so.</summary>
        public int MaxAttachmentDepth { get; init; } = DefaultMaxAttachmentDepth;

        /// <summary>The largest attachment read; a larger one is left out, and the file says so.</summary>
        public long MaxAttachmentBytes { get; init; } = DefaultMaxAttachmentBytes;

        /// <summary>The longest recording sent for transcription; a longer one fails with CarbonSpaces.FileTooLarge (keeping its metadata).</summary>
        public TimeSpan MaxMediaDuration { get; init; } = DefaultMaxMediaDuration;

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
