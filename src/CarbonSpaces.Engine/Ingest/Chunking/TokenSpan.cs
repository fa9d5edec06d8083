namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>Where one token lies in the string it was read from, in UTF-16 code units.</summary>
    public readonly struct TokenSpan
    {
        public TokenSpan(int start, int length)
        {
            Start = start;
            Length = length;
        }

        /// <summary>Index of the token's first code unit in the tokenized string.</summary>
        public int Start { get; }

        public int Length { get; }

        /// <summary>Index just past the token's last code unit.</summary>
        public int End => Start + Length;
    }
}
