using System;
using System.Threading;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Remembers how cl100k_base splits the ASCII pieces that are not a single token (rarer words, names,
    /// numbers), so a piece seen before is not merged byte pair by byte pair again: text repeats its words
    /// (Zipf), and the library's own cache keeps no piece longer than 15 characters.
    /// </summary>
    /// <remarks>
    /// Direct-mapped and lock-free: a slot holds one immutable entry and a newer piece that hashes to the same
    /// slot replaces it. Readers on other threads see either entry whole, and a lookup compares the piece
    /// itself, so a collision costs a miss, never a wrong answer. 32,768 slots hold a few MB.
    /// </remarks>
    internal sealed class Cl100kPieceCache
    {
        /// <summary>Longer ASCII pieces (a long number, a run of punctuation) are rare and go to the library each time.</summary>
        public const int MaxPieceLength = 64;

        private const int SlotCount = 1 << 15;

        private readonly Entry?[] _slots = new Entry?[SlotCount];

        /// <summary>The characters of each token of <paramref name="piece"/>, in order, if it was added before.</summary>
        public byte[]? Find(ReadOnlySpan<char> piece)
        {
            Entry? entry = Volatile.Read(ref _slots[SlotOf(piece)]);
            return entry != null && piece.SequenceEqual(entry.Piece.AsSpan()) ? entry.TokenLengths : null;
        }

        public void Add(ReadOnlySpan<char> piece, byte[] tokenLengths) =>
            Volatile.Write(ref _slots[SlotOf(piece)], new Entry(piece.ToString(), tokenLengths));

        /// <summary>FNV-1a over the characters: the runtime's span hash is not on every target framework.</summary>
        private static int SlotOf(ReadOnlySpan<char> piece)
        {
            uint hash = 2166136261;
            foreach (char c in piece)
            {
                hash = (hash ^ c) * 16777619;
            }

            return (int)(hash & (SlotCount - 1));
        }

        private sealed class Entry
        {
            public Entry(string piece, byte[] tokenLengths)
            {
                Piece = piece;
                TokenLengths = tokenLengths;
            }

            public string Piece { get; }

            public byte[] TokenLengths { get; }
        }
    }
}
