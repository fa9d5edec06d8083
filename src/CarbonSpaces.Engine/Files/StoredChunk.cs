namespace CarbonSpaces.Engine.Files
{
    /// <summary>A chunk as stored for a file.</summary>
    public sealed class StoredChunk
    {
        public StoredChunk(long fileId, int index, string content, int tokens, int? page, int startOffset, int endOffset)
        {
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
    }
}
