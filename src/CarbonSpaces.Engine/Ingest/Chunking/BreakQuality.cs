namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>How natural a place is to end a chunk; a higher value reads better on its own.</summary>
    internal enum BreakQuality
    {
        /// <summary>Between two tokens with nothing else to recommend it: inside a long word, or in text without spaces.</summary>
        Token,
        Word,

        /// <summary>After ". ", "? " or "! ", or after a CJK full stop, question or exclamation mark.</summary>
        Sentence,
        Line,

        /// <summary>At a blank line, which is also where one segment of the document ends and the next begins.</summary>
        Paragraph,
    }
}
