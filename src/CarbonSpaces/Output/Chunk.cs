using System;
using EngineFiles = CarbonSpaces.Engine.Files;

namespace CarbonSpaces
{
    /// <summary>One chunk of a file as it is indexed.</summary>
    public sealed class Chunk
    {
        internal Chunk(EngineFiles.StoredChunk chunk)
        {
            FileId = chunk.FileId;
            Index = chunk.Index;
            Content = chunk.Content;
            Tokens = chunk.Tokens;
            Page = chunk.Page;
            StartOffset = chunk.StartOffset;
            EndOffset = chunk.EndOffset;
            StartTime = chunk.StartTime;
            EndTime = chunk.EndTime;
        }

        public long FileId { get; }

        /// <summary>0-based position in the file.</summary>
        public int Index { get; }

        public string Content { get; }

        public int Tokens { get; }

        /// <summary>The page, slide or sheet the chunk starts on, where the format has them.</summary>
        public int? Page { get; }

        public int StartOffset { get; }

        public int EndOffset { get; }

        /// <summary>Where in an audio or video file the chunk's words are spoken; null for other files.</summary>
        public TimeSpan? StartTime { get; }

        public TimeSpan? EndTime { get; }
    }
}
