namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>How one file is read: the limits it must stay within and what the user asked for (Carbon's use_ocr).</summary>
    public sealed class ExtractionOptions
    {
        public static ExtractionOptions Default { get; } = new ExtractionOptions();

        public ExtractionLimits Limits { get; init; } = ExtractionLimits.Default;

        /// <summary>-UseOcr: read PDF pages that have no text layer with OCR. Images are always read with OCR.</summary>
        public bool UseOcr { get; init; }
    }
}
