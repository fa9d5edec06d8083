using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>RTF: the document's visible text as one segment (see <see cref="RtfReader"/>: a bounded reader of our own).</summary>
    internal sealed class RtfExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Rtf };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var rtf = context.Content.InMemory().ToArray();
            var segments = new SegmentCollector(context);
            segments.Add(new RtfReader(rtf, context.CreateCharacterBudget()).Read(context.Cancellation));
            return segments.ToDocument();
        }
    }
}
