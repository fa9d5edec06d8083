using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Counts and locates tokens the way an embedding model sees text, so that chunk sizes are stated in the
    /// model's own unit. <see cref="Cl100kTokenizer"/> is the one the module uses.
    /// </summary>
    /// <remarks>
    /// Implementations are deterministic and safe to share between threads. Token spans are non-empty,
    /// contiguous and in reading order, and no span boundary falls inside a surrogate pair: the chunker cuts text
    /// only at span boundaries, so this is what keeps emoji and other supplementary characters whole. Where a
    /// byte-level tokenizer splits one character into several tokens, they share one span.
    /// </remarks>
    public interface ITokenizer
    {
        /// <summary>The number of tokens in <paramref name="text"/>.</summary>
        int CountTokens(string text);

        /// <summary>
        /// Appends to <paramref name="tokens"/> the token spans of the substring of <paramref name="text"/> that starts at
        /// <paramref name="start"/> and runs for <paramref name="length"/> code units, tokenized as if it were the
        /// whole text, stopping before the spans would hold more than <paramref name="maxTokens"/> tokens (a span is always
        /// appended when none has been). The cap lets the chunker
        /// read one chunk's worth of a large document at a time.
        /// </summary>
        /// <remarks>The spans index into <paramref name="text"/> itself, not into the substring.</remarks>
        /// <returns>How many tokens the appended spans hold.</returns>
        int Tokenize(string text, int start, int length, int maxTokens, List<TokenSpan> tokens);
    }
}
