namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>TXT and the other text and source-code formats: the decoded text as one segment.</summary>
    internal sealed class PlainTextExtractor : ITextExtractor
    {
        public ExtractedDocument Extract(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);
            segments.Add(TextFileReader.ReadAll(context));
            return segments.ToDocument();
        }
    }
}
