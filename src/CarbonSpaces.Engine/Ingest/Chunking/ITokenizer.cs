using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Counts and locates tokens the way an embedding model sees text, so that chunk sizes are stated in the
    /// model's own unit. <see cref="ApproximateCl100kTokenizer"/> is the default; an exact cl100k_base BPE
    /// implementation can replace it without changes to the chunker.
    /// </summary>
    /// <remarks>
    /// Implementations are deterministic and safe to share between threads. Tokens are non-empty, contiguous
    /// and in reading order, and no token boundary falls inside a surrogate pair: the chunker cuts text only at
    /// token boundaries, so this is what keeps emoji and other supplementary characters whole.
    /// </remarks>
    public interface ITokenizer
    {
        /// <summary>The number of tokens in <paramref name="text"/>.</summary>
        int CountTokens(string text);

        /// <summary>
        /// Appends to <paramref name="tokens"/> the tokens of the substring of <paramref name="text"/> that starts at
        /// <paramref name="start"/> and runs for <paramref name="length"/> code units, tokenized as if it were the
        /// whole text, stopping once <paramref name="maxTokens"/> tokens have been appended. The cap lets the chunker
        /// read one chunk's worth of a large document at a time.
        /// </summary>
        /// <remarks>The spans index into <paramref name="text"/> itself, not into the substring.</remarks>
        void Tokenize(string text, int start, int length, int maxTokens, List<TokenSpan> tokens);
    }
}
