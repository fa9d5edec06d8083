namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>A finished chunk before it is numbered and given its page.</summary>
    internal readonly struct DraftChunk
    {
        public DraftChunk(int start, int end, string content, int tokens)
        {
            Start = start;
            End = end;
            Content = content;
            Tokens = tokens;
        }

        public int Start { get; }

        public int End { get; }

        public string Content { get; }

        public int Tokens { get; }
    }
}
