using System;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>One chunk of a file's text, as it is indexed.</summary>
    public sealed class TextChunk
    {
        public TextChunk(int index, string content, int tokens, int startOffset, int endOffset, int? page, TimeSpan? startTime = null, TimeSpan? endTime = null)
        {
            StartTime = startTime;
            EndTime = endTime;
            Index = index;
            Content = content;
            Tokens = tokens;
            StartOffset = startOffset;
            EndOffset = endOffset;
            Page = page;
        }

        /// <summary>0-based position of the chunk in its file.</summary>
        public int Index { get; }

        public string Content { get; }

        public int Tokens { get; }

        /// <summary>Offsets (UTF-16 code units, end exclusive) into the document text: the segments joined by a blank line.</summary>
        public int StartOffset { get; }

        public int EndOffset { get; }

        public int? Page { get; }

        /// <summary>Where in a recording the chunk's words are spoken (audio and video); null for other files.</summary>
        public TimeSpan? StartTime { get; }

        public TimeSpan? EndTime { get; }
    }
}
