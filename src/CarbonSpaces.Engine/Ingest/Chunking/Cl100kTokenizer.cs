using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CarbonSpaces.Engine.Common;
using Microsoft.ML.Tokenizers;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// OpenAI's cl100k_base tokenizer, exactly (Microsoft.ML.Tokenizers with the vocabulary shipped inside its
    /// data package, so no network is needed): "Hello world" is 2 tokens, "understanding" 2.
    /// </summary>
    /// <remarks>
    /// BPE works on UTF-8 bytes, so a character outside the common range (an emoji, a rare CJK ideograph) can
    /// become two or three tokens that each hold part of its bytes. The chunker cuts only between characters,
    /// so such tokens share one span and the spans can be fewer than the tokens; the counts stay exact.
    /// </remarks>
    public sealed class Cl100kTokenizer : ITokenizer
    {
        /// <summary>
        /// Loading the 100,000-entry vocabulary takes ~130 ms: done once a process, on first use. The
        /// tokenizer is immutable and safe to share between threads.
        /// </summary>
        private static readonly Lazy<TiktokenTokenizer> Encoding =
            new Lazy<TiktokenTokenizer>(() => TiktokenTokenizer.CreateForEncoding("cl100k_base"));

        private static readonly Lazy<Cl100kShortAsciiTokens> ShortAsciiTokens =
            new Lazy<Cl100kShortAsciiTokens>(() => new Cl100kShortAsciiTokens(Encoding.Value, OrdinaryTokenCount));

        private static readonly Cl100kPieceCache Pieces = new Cl100kPieceCache();

        /// <summary>
        /// BPE over one pre-tokenizer piece grows faster than linearly with its length, and a file can be one
        /// "word" megabytes long (a base64 blob, a DNA sequence). Such a piece is read this many characters at a
        /// time: the tokens at those seams may differ from what a whole-piece merge would give, but every
        /// chunk's stored count is still taken on its content.
        /// </summary>
        private const int LongestPieceRead = 8192;

        /// <summary>cl100k_base's ordinary tokens have ids 0 to 100,255; the special ones come after.</summary>
        private const int OrdinaryTokenCount = 100256;

        public int CountTokens(string text)
        {
            if (text is null)
            {
                throw new ArgumentNullException(nameof(text));
            }

            TiktokenTokenizer encoding = Encoding.Value;
            if (ContainsSurrogate(text.AsSpan()))
            {
                return encoding.CountTokens(text);
            }

            // Piece by piece as Tokenize reads, but with no piece cut short, so the count is the library's for the
            // whole text; a chunk's content and a document of several chunks are counted this way.
            Cl100kShortAsciiTokens shortAsciiTokens = ShortAsciiTokens.Value;
            int count = 0;
            int position = 0;
            while (position < text.Length)
            {
                int pieceEnd = Cl100kPreTokenizer.FindPieceEnd(text, position, text.Length, out _);
                ReadOnlySpan<char> piece = text.AsSpan(position, pieceEnd - position);
                count += shortAsciiTokens.IsSingleToken(piece) ? 1
                    : IsCacheable(piece) ? AsciiTokenLengths(encoding, piece).Length
                    : encoding.CountTokens(piece, considerPreTokenization: false);
                position = pieceEnd;
            }

            return count;
        }

        public int Tokenize(string text, int start, int length, int maxTokens, List<TokenSpan> tokens)
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

            int end = start + length;
            int position = start;
            int count = 0;
            TiktokenTokenizer encoding = Encoding.Value;
            Cl100kShortAsciiTokens shortAsciiTokens = ShortAsciiTokens.Value;
            while (position < end && count < maxTokens)
            {
                // cl100k merges bytes only within a pre-tokenizer piece, so piece by piece gives the tokens of the
                // whole text, and reading stops once the cap is met: a large document is not tokenized again for
                // every chunk cut from it. Most pieces of prose are one short ASCII token, found by a lookup, and
                // other ASCII pieces were mostly seen before (Pieces); only the rest are handed to the library, as
                // the one piece they are (its regex is asked again
                // only where it reads a piece differently: see ContainsSurrogate), and split into their tokens' spans.
                int pieceEnd = Cl100kPreTokenizer.FindPieceEnd(text, position, Math.Min(end, position + LongestPieceRead), out _);
                ReadOnlySpan<char> piece = text.AsSpan(position, pieceEnd - position);
                if (shortAsciiTokens.IsSingleToken(piece))
                {
                    tokens.Add(new TokenSpan(position, pieceEnd - position));
                    count++;
                }
                else if (IsCacheable(piece))
                {
                    if (!AppendAsciiSpans(AsciiTokenLengths(encoding, piece), position, maxTokens, ref count, tokens))
                    {
                        break;
                    }
                }
                else if (!AppendSpans(encoding.EncodeToTokens(piece, out _, considerPreTokenization: ContainsSurrogate(piece)), position, maxTokens, ref count, tokens))
                {
                    break;
                }

                position = pieceEnd;
            }

            return count;
        }

        private static bool IsCacheable(ReadOnlySpan<char> piece)
        {
            if (piece.Length > Cl100kPieceCache.MaxPieceLength)
            {
                return false;
            }

            foreach (char c in piece)
            {
                if (c > '\x7F')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>How the library splits an ASCII piece, as the length of each token: from the cache, or asked once and kept.</summary>
        private static byte[] AsciiTokenLengths(TiktokenTokenizer encoding, ReadOnlySpan<char> piece)
        {
            byte[]? lengths = Pieces.Find(piece);
            if (lengths == null)
            {
                IReadOnlyList<EncodedToken> encoded = encoding.EncodeToTokens(piece, out _, considerPreTokenization: false);
                lengths = new byte[encoded.Count];
                for (int i = 0; i < lengths.Length; i++)
                {
                    lengths[i] = (byte)(encoded[i].Offset.End.Value - encoded[i].Offset.Start.Value);
                }

                Pieces.Add(piece, lengths);
            }

            return lengths;
        }

        /// <summary>
        /// Appends an ASCII piece's tokens as spans (one character is one byte, so no token shares one) until the cap.
        /// </summary>
        /// <returns>False when the cap stopped it before the piece's end.</returns>
        private static bool AppendAsciiSpans(byte[] tokenLengths, int offset, int maxTokens, ref int count, List<TokenSpan> tokens)
        {
            int start = offset;
            for (int i = 0; i < tokenLengths.Length; i++)
            {
                if (count >= maxTokens)
                {
                    return false;
                }

                tokens.Add(new TokenSpan(start, tokenLengths[i]));
                start += tokenLengths[i];
                count++;
            }

            return true;
        }

        /// <summary>
        /// Whether the library's regex may read <paramref name="text"/> differently from the piece scanner: it reads
        /// UTF-16 code units, so to it a letter outside the Basic Multilingual Plane (U+1D4B3 MATHEMATICAL SCRIPT
        /// CAPITAL X) is not \p{L}, where the scanner reads code points. Elsewhere they agree.
        /// </summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        private static bool ContainsSurrogate(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (char.IsSurrogate(c))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Appends a piece's tokens as character spans, merging tokens that share a character, until the cap.
        /// </summary>
        /// <returns>False when the cap stopped it before the piece's end.</returns>
        private static bool AppendSpans(IReadOnlyList<EncodedToken> encoded, int offset, int maxTokens, ref int count, List<TokenSpan> tokens)
        {
            int index = 0;
            while (index < encoded.Count)
            {
                int spanStart = encoded[index].Offset.Start.Value;
                int spanEnd = encoded[index].Offset.End.Value;
                int spanTokens = 1;
                while (index + spanTokens < encoded.Count && encoded[index + spanTokens].Offset.Start.Value < spanEnd)
                {
                    spanEnd = Math.Max(spanEnd, encoded[index + spanTokens].Offset.End.Value);
                    spanTokens++;
                }

                // Always at least one span, so a chunk of a single many-token character still moves forward.
                if (count + spanTokens > maxTokens && count > 0)
                {
                    return false;
                }

                tokens.Add(new TokenSpan(offset + spanStart, spanEnd - spanStart));
                count += spanTokens;
                index += spanTokens;
                if (count >= maxTokens)
                {
                    return index == encoded.Count;
                }
            }

            return true;
        }
    }
}
