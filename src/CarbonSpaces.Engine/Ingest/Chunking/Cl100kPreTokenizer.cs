using System.Globalization;
using System.Runtime.CompilerServices;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Splits text into the pieces cl100k_base's pre-tokenizer produces before byte-pair merging, matching its
    /// pattern <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>
    /// alternative by alternative.
    /// </summary>
    /// <remarks>
    /// A hand-written scanner rather than that regex: every character of every synced file passes through here,
    /// and a Match object per piece would cost more than the rest of the chunker together. Its loops are
    /// compiled fully optimized from the first call (AggressiveOptimization): during a sync the runtime's
    /// tiered, profile-instrumented code made them several times slower for the first thousands of files.
    /// </remarks>
    internal static class Cl100kPreTokenizer
    {
        private const int MaxDigitsPerPiece = 3;

        private enum CharacterClass
        {
            Letter,
            Number,
            LineBreak,
            OtherWhiteSpace,
            Other,
        }

        /// <summary>
        /// Finds where the piece that begins at <paramref name="start"/> ends, looking no further than
        /// <paramref name="end"/>. <paramref name="leadLength"/> is set to the length of the single character a word
        /// piece may begin with (a space, tab or mark before the letters) or of the space a punctuation piece may
        /// begin with, 0 when the piece has none: BPE merges that character into the piece's first token.
        /// </summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        public static int FindPieceEnd(string text, int start, int end, out int leadLength)
        {
            leadLength = 0;
            if (text[start] == '\'')
            {
                int contractionLength = ContractionLength(text, start, end);
                if (contractionLength > 0)
                {
                    return start + contractionLength;
                }
            }

            switch (Classify(text, start, end, out int width))
            {
                case CharacterClass.Letter:
                    return SkipLetters(text, start, end);
                case CharacterClass.Number:
                    return SkipDigitGroup(text, start, end);
                case CharacterClass.Other:
                    if (IsLetterAt(text, start + width, end))
                    {
                        leadLength = width;
                        return SkipLetters(text, start + width, end);
                    }

                    return SkipPunctuation(text, start, end);
                case CharacterClass.OtherWhiteSpace:
                    if (IsLetterAt(text, start + width, end))
                    {
                        leadLength = width;
                        return SkipLetters(text, start + width, end);
                    }

                    if (text[start] == ' ' && start + 1 < end && Classify(text, start + 1, end, out _) == CharacterClass.Other)
                    {
                        leadLength = 1;
                        return SkipPunctuation(text, start + 1, end);
                    }

                    return FindWhiteSpacePieceEnd(text, start, end);
                default:
                    return FindWhiteSpacePieceEnd(text, start, end);
            }
        }

        private static int ContractionLength(string text, int apostrophe, int end)
        {
            if (apostrophe + 1 >= end)
            {
                return 0;
            }

            char first = ToLowerAscii(text[apostrophe + 1]);
            if (first == 's' || first == 't' || first == 'm' || first == 'd')
            {
                return 2;
            }

            if (apostrophe + 2 >= end)
            {
                return 0;
            }

            char second = ToLowerAscii(text[apostrophe + 2]);
            bool isTwoLetterContraction = ((first == 'r' || first == 'v') && second == 'e') || (first == 'l' && second == 'l');
            return isTwoLetterContraction ? 3 : 0;
        }

        private static char ToLowerAscii(char c) => c >= 'A' && c <= 'Z' ? (char)(c + ('a' - 'A')) : c;

        [MethodImpl(HotLoop.FullyOptimized)]
        private static int SkipLetters(string text, int position, int end)
        {
            while (position < end)
            {
                // Most letters in most files are ASCII; testing them inline keeps words from dominating the scan.
                char c = text[position];
                if (c < 0x80)
                {
                    if (!IsAsciiLetter(c))
                    {
                        break;
                    }

                    position++;
                }
                else if (Classify(text, position, end, out int width) == CharacterClass.Letter)
                {
                    position += width;
                }
                else
                {
                    break;
                }
            }

            return position;
        }

        [MethodImpl(HotLoop.FullyOptimized)]
        private static int SkipDigitGroup(string text, int position, int end)
        {
            for (int digits = 0; digits < MaxDigitsPerPiece && position < end; digits++)
            {
                if (Classify(text, position, end, out int width) != CharacterClass.Number)
                {
                    break;
                }

                position += width;
            }

            return position;
        }

        [MethodImpl(HotLoop.FullyOptimized)]
        private static int SkipPunctuation(string text, int position, int end)
        {
            while (position < end && Classify(text, position, end, out int width) == CharacterClass.Other)
            {
                position += width;
            }

            while (position < end && (text[position] == '\r' || text[position] == '\n'))
            {
                position++;
            }

            return position;
        }

        /// <summary>
        /// The three whitespace alternatives: a run up to and including its last line break; otherwise the run
        /// minus its last character when a word follows (that space starts the next word's piece); otherwise the
        /// whole run.
        /// </summary>
        [MethodImpl(HotLoop.FullyOptimized)]
        private static int FindWhiteSpacePieceEnd(string text, int start, int end)
        {
            int runEnd = start;
            int lastLineBreak = -1;
            while (runEnd < end && char.IsWhiteSpace(text[runEnd]))
            {
                if (text[runEnd] == '\r' || text[runEnd] == '\n')
                {
                    lastLineBreak = runEnd;
                }

                runEnd++;
            }

            if (lastLineBreak >= 0)
            {
                return lastLineBreak + 1;
            }

            bool runEndsText = runEnd == end;
            bool isSingleCharacter = runEnd - start == 1;
            return runEndsText || isSingleCharacter ? runEnd : runEnd - 1;
        }

        private static bool IsLetterAt(string text, int position, int end) =>
            position < end && Classify(text, position, end, out _) == CharacterClass.Letter;

        [MethodImpl(HotLoop.FullyOptimized)]
        private static CharacterClass Classify(string text, int position, int end, out int width)
        {
            char c = text[position];
            width = 1;
            if (c < 0x80)
            {
                if (IsAsciiLetter(c))
                {
                    return CharacterClass.Letter;
                }

                if ((uint)(c - '0') <= 9)
                {
                    return CharacterClass.Number;
                }

                if (c == '\n' || c == '\r')
                {
                    return CharacterClass.LineBreak;
                }

                return c == ' ' || (c >= '\t' && c <= '\f') ? CharacterClass.OtherWhiteSpace : CharacterClass.Other;
            }

            if (char.IsHighSurrogate(c) && position + 1 < end && char.IsLowSurrogate(text[position + 1]))
            {
                width = 2;
                return FromCategory(CharUnicodeInfo.GetUnicodeCategory(text, position));
            }

            return char.IsWhiteSpace(c) ? CharacterClass.OtherWhiteSpace : FromCategory(CharUnicodeInfo.GetUnicodeCategory(c));
        }

        private static bool IsAsciiLetter(char c) => (uint)((c | 0x20) - 'a') <= 'z' - 'a';

        private static CharacterClass FromCategory(UnicodeCategory category)
        {
            switch (category)
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                    return CharacterClass.Letter;
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.LetterNumber:
                case UnicodeCategory.OtherNumber:
                    return CharacterClass.Number;
                default:
                    return CharacterClass.Other;
            }
        }
    }
}
