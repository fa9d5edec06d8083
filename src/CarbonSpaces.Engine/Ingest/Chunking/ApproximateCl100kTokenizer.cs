using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Estimates cl100k_base token counts without its 100,000-entry merge table: the text is split exactly as
    /// cl100k_base's pre-tokenizer splits it, and each piece is then cut into tokens by length.
    /// </summary>
    /// <remarks>
    /// The pieces are contractions ('s 't 're 've 'm 'll 'd, any case), words (a run of letters, optionally led
    /// by one space or mark), numbers in groups of up to three digits, punctuation runs (optionally led by a
    /// space), line-break runs and other whitespace. Within a piece, every character at U+0800 or above (CJK,
    /// kana, Hangul, Thai, Indic scripts, emoji and other symbols; a surrogate pair is one character) is a token
    /// of its own. The characters below U+0800 between them (Latin, Greek, Cyrillic, Arabic, Hebrew, digits,
    /// punctuation, spaces) form tokens of up to 6 characters for the first token of a run and up to 4 for each
    /// token after it; the space or mark a word or punctuation piece begins with rides along in its first token
    /// without being counted. So "Hello world" is 2 tokens, "12345" is 2 ("123" "45"), "don't" is 2 ("don" "'t"),
    /// "understanding" is 3 and "你好" is 2. The rule is deterministic, never splits a surrogate pair, and tends
    /// to count long words and non-Latin text higher than cl100k_base does, so chunks err on the small side of
    /// an embedding model's limit. The scanning loops are compiled fully optimized from the first call, as in
    /// <see cref="Cl100kPreTokenizer"/>.
    /// </remarks>
    public sealed class ApproximateCl100kTokenizer : ITokenizer
    {
        private const int FirstTokenCharacters = 6;
        private const int FollowingTokenCharacters = 4;

        /// <summary>The first code point that UTF-8 encodes in three or more bytes, which BPE rarely merges with neighbours.</summary>
        private const char FirstWideCharacter = '\u0800';

        public int CountTokens(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            return Scan(text, 0, text.Length, int.MaxValue, null);
        }

        public void Tokenize(string text, int start, int length, int maxTokens, List<TokenSpan> tokens)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            if (tokens is null)
            {
                throw new ArgumentNullException(nameof(tokens));
            }

            if (start < 0 || length < 0 || start > text.Length - length)
            {
                throw new ArgumentOutOfRangeException(nameof(length), "The range must lie within the text.");
            }

            if (maxTokens < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(maxTokens), "The token cap cannot be negative.");
            }

            Scan(text, start, start + length, maxTokens, tokens);
        }

        [MethodImpl(HotLoop.FullyOptimized)]
        private static int Scan(string text, int start, int end, int maxTokens, List<TokenSpan>? tokens)
        {
            int count = 0;
            int position = start;
            while (position < end && count < maxTokens)
            {
                // A piece gives at least one token per FirstTokenCharacters characters after its lead, so text beyond
                // the tokens still wanted cannot change them. Not looking there keeps a long run without breaks (a
                // DNA sequence, say) from being scanned to its end again for every chunk cut from it.
                int reach = Reach(text, position, end, maxTokens - count);
                int pieceEnd = Cl100kPreTokenizer.FindPieceEnd(text, position, reach, out int leadLength);
                count = SplitPiece(text, position, pieceEnd, leadLength, maxTokens, count, tokens);
                position = pieceEnd;
            }

            return count;
        }

        /// <summary>
        /// How far a piece at <paramref name="position"/> must be read for <paramref name="tokensWanted"/> tokens to
        /// come out as from the whole text. A whitespace run that crosses that point is read whole, with the character
        /// after it: its piece ends after its last line break, wherever that is.
        /// </summary>
        private static int Reach(string text, int position, int end, int tokensWanted)
        {
            int reach = (int)Math.Min(end, position + 2 + ((long)FirstTokenCharacters * tokensWanted));
            if (reach == end || !char.IsWhiteSpace(text[reach - 1]) || !char.IsWhiteSpace(text[reach]))
            {
                return reach;
            }

            while (reach < end && char.IsWhiteSpace(text[reach]))
            {
                reach++;
            }

            return Math.Min(end, reach + 1);
        }

        /// <returns>The running token count after this piece's tokens.</returns>
        [MethodImpl(HotLoop.FullyOptimized)]
        private static int SplitPiece(string text, int start, int end, int leadLength, int maxTokens, int count, List<TokenSpan>? tokens)
        {
            int tokenStart = start;
            int position = start;
            if (leadLength == 1 && text[start] < FirstWideCharacter)
            {
                position++;
            }

            int narrowCharacters = 0;
            int capacity = FirstTokenCharacters;
            while (position < end)
            {
                char c = text[position];
                if (c < FirstWideCharacter)
                {
                    if (narrowCharacters == capacity)
                    {
                        tokens?.Add(new TokenSpan(tokenStart, position - tokenStart));
                        if (++count == maxTokens)
                        {
                            return count;
                        }

                        tokenStart = position;
                        narrowCharacters = 0;
                        capacity = FollowingTokenCharacters;
                    }

                    narrowCharacters++;
                    position++;
                    continue;
                }

                if (narrowCharacters > 0)
                {
                    tokens?.Add(new TokenSpan(tokenStart, position - tokenStart));
                    if (++count == maxTokens)
                    {
                        return count;
                    }

                    tokenStart = position;
                }

                bool isSurrogatePair = char.IsHighSurrogate(c) && position + 1 < end && char.IsLowSurrogate(text[position + 1]);
                position += isSurrogatePair ? 2 : 1;
                tokens?.Add(new TokenSpan(tokenStart, position - tokenStart));
                if (++count == maxTokens)
                {
                    return count;
                }

                tokenStart = position;
                narrowCharacters = 0;
                capacity = FirstTokenCharacters;
            }

            if (position > tokenStart)
            {
                tokens?.Add(new TokenSpan(tokenStart, position - tokenStart));
                count++;
            }

            return count;
        }
    }
}
