using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using CarbonSpaces.Engine.Common;
using Microsoft.ML.Tokenizers;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// The cl100k_base tokens that are ASCII strings of up to 18 characters (" the", "ing", " information"),
    /// each packed into two 64-bit numbers, so that whether a pre-tokenizer piece is a single token is one hash
    /// lookup without allocating.
    /// </summary>
    /// <remarks>
    /// Most pieces of prose are such words. BPE turns a piece that is itself in the vocabulary into that one
    /// token, and an ASCII string's UTF-8 bytes are its characters, so a hit here is exactly what
    /// Microsoft.ML.Tokenizers would give; asking the library instead costs a run of its own regex
    /// pre-tokenizer and cache per piece, which was 43 % of a small-file sync's CPU.
    /// </remarks>
    internal sealed class Cl100kShortAsciiTokens
    {
        /// <summary>Nine 7-bit characters fill 63 bits of each half; NUL is left out, so unused bits tell the length.</summary>
        private const int CharactersPerHalf = 9;

        private const int MaxLength = 2 * CharactersPerHalf;

        private readonly HashSet<(ulong Low, ulong High)> _packed;

        /// <summary>
        /// Reads the vocabulary through the library's public decoding, token by token (the dictionaries behind
        /// it are internal): an ASCII result is exactly the token's bytes; a token that is not valid UTF-8 on its
        /// own decodes to U+FFFD and is left out with every other non-ASCII one.
        /// </summary>
        public Cl100kShortAsciiTokens(Tokenizer encoding, int vocabularySize)
        {
            _packed = new HashSet<(ulong Low, ulong High)>();
            var id = new int[1];
            for (id[0] = 0; id[0] < vocabularySize; id[0]++)
            {
                string? token = encoding.Decode(id);
                if (!string.IsNullOrEmpty(token) && TryPack(token.AsSpan(), out var packed))
                {
                    _packed.Add(packed);
                }
            }
        }

        /// <summary>Whether <paramref name="piece"/> is one cl100k token; false also when it is too long or not ASCII to tell.</summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        public bool IsSingleToken(ReadOnlySpan<char> piece) => TryPack(piece, out var packed) && _packed.Contains(packed);

        private static bool TryPack(ReadOnlySpan<char> text, out (ulong Low, ulong High) packed)
        {
            packed = default;
            if (text.Length > MaxLength)
            {
                return false;
            }

            int lowLength = Math.Min(text.Length, CharactersPerHalf);
            return TryPackHalf(text.Slice(0, lowLength), out packed.Low) && TryPackHalf(text.Slice(lowLength), out packed.High);
        }

        [MethodImpl(HotLoop.FullyOptimized)]
        private static bool TryPackHalf(ReadOnlySpan<char> text, out ulong packed)
        {
            packed = 0;
            for (int i = text.Length - 1; i >= 0; i--)
            {
                char c = text[i];
                if (c == '\0' || c > '\x7F')
                {
                    return false;
                }

                packed = (packed << 7) | c;
            }

            return true;
        }
    }
}
