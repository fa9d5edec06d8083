using Markdig;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Markdown rendered to plain text: markup gone, headings, list items and table cells kept as text.</summary>
    internal sealed class MarkdownExtractor : ITextExtractor
    {
        /// <summary>Markdig pipelines are immutable and safe to share between threads.</summary>
        private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

        public ExtractedDocument Extract(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);
            segments.Add(Markdown.ToPlainText(TextFileReader.ReadAll(context), Pipeline));
            return segments.ToDocument();
        }
    }
}
