using System;
using System.Collections.Generic;
using Markdig;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>Markdown rendered to plain text: markup gone, headings, list items and table cells kept as text.</summary>
    internal sealed class MarkdownExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Md };

        /// <summary>Markdig pipelines are immutable and safe to share between threads.</summary>
        private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UsePipeTables().Build();

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var markdown = TextFileReader.ReadAll(context);
            var segments = new SegmentCollector(context);
            segments.Add(ToPlainText(markdown));
            return segments.ToDocument();
        }

        private static string ToPlainText(string markdown)
        {
            try
            {
                return Markdown.ToPlainText(markdown, Pipeline);
            }
            catch (ArgumentException)
            {
                // Markdig refuses input nested deeper than it renders safely; the source is still
                // readable text, which is better indexed as it is than not at all.
                return markdown;
            }
        }
    }
}
