using System;
using System.Collections.Generic;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// The document text that chunk offsets point into (the segments joined by a blank line) and where each
    /// segment lies in it.
    /// </summary>
    internal sealed class DocumentLayout
    {
        public const string SegmentSeparator = "\n\n";

        private readonly IReadOnlyList<ExtractedSegment> _segments;
        private readonly int[] _segmentStarts;

        public DocumentLayout(IReadOnlyList<ExtractedSegment> segments)
        {
            _segments = segments;
            _segmentStarts = new int[segments.Count];
            var texts = new string[segments.Count];
            int offset = 0;
            for (int i = 0; i < segments.Count; i++)
            {
                _segmentStarts[i] = offset;
                texts[i] = segments[i].Text;
                offset += texts[i].Length + SegmentSeparator.Length;
            }

            // A single-segment file (plain text, most documents) is chunked in place rather than copied.
            Text = texts.Length == 1 ? texts[0] : string.Join(SegmentSeparator, texts);
        }

        public string Text { get; }

        public ExtractedSegment Segment(int index) => _segments[index];

        public int SegmentStart(int index) => _segmentStarts[index];

        public int SegmentEnd(int index) => _segmentStarts[index] + _segments[index].Text.Length;

        /// <summary>The page of the segment that contains <paramref name="offset"/>; a separator belongs to the segment before it.</summary>
        public int? PageAt(int offset) => _segments[SegmentAt(offset)].Page;

        /// <summary>
        /// Where in a recording the text between two offsets (end exclusive) was spoken: from the
        /// start of its first segment to the end of its last; null for text that is not a transcript.
        /// </summary>
        public (TimeSpan? Start, TimeSpan? End) TimesOf(int start, int end) =>
            (_segments[SegmentAt(start)].StartTime, _segments[SegmentAt(Math.Max(start, end - 1))].EndTime);

        private int SegmentAt(int offset)
        {
            int index = Array.BinarySearch(_segmentStarts, offset);
            return index >= 0 ? index : ~index - 1;
        }
    }
}
