using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// The text of one file with the structure the chunker needs: pages, slides, sheets and rows
    /// arrive as separate segments in reading order.
    /// </summary>
    public sealed class ExtractedDocument
    {
        public ExtractedDocument(string format, IReadOnlyList<ExtractedSegment> segments, string? title = null)
        {
            Format = format;
            Segments = segments;
            Title = title;
        }

        /// <summary>The detected format code, upper case without a dot: TXT, MD, CSV, DOCX …</summary>
        public string Format { get; }

        public IReadOnlyList<ExtractedSegment> Segments { get; }

        /// <summary>A document title where the format has one (HTML &lt;title&gt;, docx core properties).</summary>
        public string? Title { get; }
    }

    /// <summary>A run of text in reading order.</summary>
    public sealed class ExtractedSegment
    {
        public ExtractedSegment(string text, int? page = null, bool isRecord = false, string? label = null)
        {
            Text = text;
            Page = page;
            IsRecord = isRecord;
            Label = label;
        }

        public string Text { get; }

        /// <summary>1-based page, slide or sheet number where the format has them.</summary>
        public int? Page { get; }

        /// <summary>One row or item of tabular/structured data (csv, tsv, xlsx, json); -MaxItemsPerChunk groups these.</summary>
        public bool IsRecord { get; }

        /// <summary>A human label for where the text came from: a sheet name, "Notes", a heading.</summary>
        public string? Label { get; }
    }
}
