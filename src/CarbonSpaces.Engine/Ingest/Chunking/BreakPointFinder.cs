using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>Chooses where a full chunk ends: at the best break among the last half of the tokens that fit.</summary>
    internal static class BreakPointFinder
    {
        /// <summary>
        /// Returns the index in <paramref name="window"/> (the tokens from the chunk's start, more of them than fit
        /// in <paramref name="budget"/>) of the chunk's last token. The chunk ends after <paramref name="mustEndAfter"/>,
        /// where the previous chunk ended: ending at or before it would add nothing to the chunk before, which an
        /// overlap close to the chunk size would otherwise allow.
        /// </summary>
        public static int ChooseLastToken(string text, List<TokenSpan> window, int budget, int mustEndAfter)
        {
            int latest = budget - 1;

            // Stopping short of half the budget for a better break would make chunks too small to be worth embedding.
            int earliest = Math.Min(latest, Math.Max(budget / 2, FirstTokenEndingAfter(window, mustEndAfter)));

            int lowerBound = window[0].Start;
            int upperBound = window[window.Count - 1].End;
            int gapStart = -1;
            int gapEnd = -1;
            BreakQuality gapQuality = BreakQuality.Token;
            int best = latest;
            BreakQuality bestQuality = BreakQuality.Token;
            for (int candidate = latest; candidate >= earliest; candidate--)
            {
                int cut = window[candidate].End;

                // Every cut inside one whitespace run has the same quality; measuring the run once keeps a long run of blanks linear.
                if (cut < gapStart || cut > gapEnd)
                {
                    gapStart = cut;
                    while (gapStart > lowerBound && char.IsWhiteSpace(text[gapStart - 1]))
                    {
                        gapStart--;
                    }

                    gapEnd = cut;
                    while (gapEnd < upperBound && char.IsWhiteSpace(text[gapEnd]))
                    {
                        gapEnd++;
                    }

                    gapQuality = Rate(text, gapStart, gapEnd, lowerBound);
                }

                if (candidate == latest || gapQuality > bestQuality)
                {
                    best = candidate;
                    bestQuality = gapQuality;
                    if (bestQuality == BreakQuality.Paragraph)
                    {
                        break;
                    }
                }
            }

            return best;
        }

        private static int FirstTokenEndingAfter(List<TokenSpan> window, int offset)
        {
            int index = 0;
            while (index < window.Count - 1 && window[index].End <= offset)
            {
                index++;
            }

            return index;
        }

        /// <summary>Rates a break at the whitespace text[gapStart, gapEnd), which may be empty.</summary>
        private static BreakQuality Rate(string text, int gapStart, int gapEnd, int lowerBound)
        {
            int lineBreaks = CountLineBreaks(text, gapStart, gapEnd);
            if (lineBreaks >= 2)
            {
                return BreakQuality.Paragraph;
            }

            if (lineBreaks == 1)
            {
                return BreakQuality.Line;
            }

            bool hasSpace = gapEnd > gapStart;
            if (gapStart > lowerBound && EndsSentence(text[gapStart - 1], hasSpace))
            {
                return BreakQuality.Sentence;
            }

            return hasSpace ? BreakQuality.Word : BreakQuality.Token;
        }

        private static int CountLineBreaks(string text, int start, int end)
        {
            int lineBreaks = 0;
            for (int i = start; i < end; i++)
            {
                bool isCrLfHalf = text[i] == '\r' && i + 1 < end && text[i + 1] == '\n';
                if ((text[i] == '\n' || text[i] == '\r') && !isCrLfHalf)
                {
                    lineBreaks++;
                }
            }

            return lineBreaks;
        }

        /// <remarks>CJK full stops end a sentence with no space after them; Latin ones need the space, or "3.5" and "e.g" would qualify.</remarks>
        private static bool EndsSentence(char last, bool followedBySpace)
        {
            switch (last)
            {
                case '。':
                case '．':
                case '｡':
                case '！':
                case '？':
                    return true;
                case '.':
                case '?':
                case '!':
                    return followedBySpace;
                default:
                    return false;
            }
        }
    }
}
