namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Turns one family of formats into an <see cref="ExtractedDocument"/>.</summary>
    internal interface ITextExtractor
    {
        /// <summary>
        /// Reads the file in <paramref name="context"/>. Content problems may surface as any parser
        /// exception; <see cref="DocumentExtractor"/> reports those as CarbonSpaces.CorruptFile.
        /// </summary>
        ExtractedDocument Extract(ExtractionContext context);
    }
}
