using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// The text of one file with the structure the chunker needs: pages, slides, sheets and rows
    /// arrive as separate segments in reading order.
    /// </summary>
    public sealed class ExtractedDocument
    {
        public ExtractedDocument(string format, IReadOnlyList<ExtractedSegment> segments, string? title = null, DocumentMetadata? metadata = null, IReadOnlyList<string>? notices = null)
        {
            Format = format;
            Segments = segments;
            Title = title;
            Metadata = metadata ?? new DocumentMetadata();
            Metadata.Set(MetadataKeys.Title, title);
            Notices = notices ?? Array.Empty<string>();
        }

        /// <summary>The detected format code, upper case without a dot: TXT, MD, CSV, DOCX …</summary>
        public string Format { get; }

        public IReadOnlyList<ExtractedSegment> Segments { get; }

        /// <summary>A document title where the format has one (HTML &lt;title&gt;, docx core properties).</summary>
        public string? Title { get; }

        /// <summary>What the file says about itself: File.Metadata.</summary>
        public DocumentMetadata Metadata { get; }

        /// <summary>
        /// What the user should know about a file that was read, but not whole or not as they may
        /// expect (a PDF without text, a limit that cut the result short). Each is one sentence
        /// that names the file.
        /// </summary>
        public IReadOnlyList<string> Notices { get; }

        /// <summary>Carbon's media_type of the file: TEXT, IMAGE, AUDIO or VIDEO.</summary>
        public string MediaType => FormatCatalog.MediaTypeOf(Format);
    }

    /// <summary>A run of text in reading order.</summary>
    public sealed class ExtractedSegment
    {
        public ExtractedSegment(string text, int? page = null, bool isRecord = false, string? label = null, TimeSpan? startTime = null, TimeSpan? endTime = null)
        {
            StartTime = startTime;
            EndTime = endTime;
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

        /// <summary>Where in a recording the text is spoken (a transcript's segment); null for other files.</summary>
        public TimeSpan? StartTime { get; }

        public TimeSpan? EndTime { get; }
    }
}
