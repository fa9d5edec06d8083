using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>TXT and the other text and source-code formats: the decoded text as one segment.</summary>
    internal sealed class PlainTextExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = FormatCatalog.PlainText;

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);
            segments.Add(TextFileReader.ReadAll(context));
            return segments.ToDocument();
        }
    }
}
