using System;

namespace CarbonSpaces.Engine.Files
{
    /// <summary>A chunk as stored for a file.</summary>
    public sealed class StoredChunk
    {
        public StoredChunk(long fileId, int index, string content, int tokens, int? page, int startOffset, int endOffset, TimeSpan? startTime = null, TimeSpan? endTime = null)
        {
            StartTime = startTime;
            EndTime = endTime;
            FileId = fileId;
            Index = index;
            Content = content;
            Tokens = tokens;
            Page = page;
            StartOffset = startOffset;
            EndOffset = endOffset;
        }

        public long FileId { get; }

        public int Index { get; }

        public string Content { get; }

        public int Tokens { get; }

        public int? Page { get; }

        public int StartOffset { get; }

        public int EndOffset { get; }

        /// <summary>Where in a recording the chunk's words are spoken; null for files that are not audio or video.</summary>
        public TimeSpan? StartTime { get; }

        public TimeSpan? EndTime { get; }
    }
}
