using System;
using System.Collections.Generic;
using System.Threading;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Cuts a stretch of running text into chunks that fit the token budget, each ending at the best break in
    /// reach and each after the first starting about ChunkOverlap tokens before the previous one ended.
    /// </summary>
    /// <remarks>
    /// Only one chunk's worth of tokens is held at a time, so memory does not grow with the file. Every
    /// non-whitespace character lands in at least one chunk: a chunk ends at a token boundary, and the next one
    /// starts at or before that boundary.
    /// </remarks>
    internal sealed class RunningTextSplitter
    {
        private readonly ITokenizer _tokenizer;
        private readonly ChunkComposer _composer;
        private readonly int _overlap;
        private readonly List<TokenSpan> _window = new List<TokenSpan>();

        public RunningTextSplitter(ITokenizer tokenizer, ChunkComposer composer, int overlap)
        {
            _tokenizer = tokenizer;
            _composer = composer;
            _overlap = overlap;
        }

        /// <summary>Splits text[start, end).</summary>
        public IEnumerable<DraftChunk> Split(string text, int start, int end, CancellationToken cancellationToken)
        {
            int budget = _composer.ContentBudget;
            int chunkStart = SkipWhiteSpace(text, start, end);
            int previousEnd = chunkStart;
            while (chunkStart < end)
            {
                cancellationToken.ThrowIfCancellationRequested();
                _window.Clear();

                // One token beyond the budget tells whether the rest of the text fits in this chunk.
                int windowTokens = _tokenizer.Tokenize(text, chunkStart, end - chunkStart, budget + 1, _window);
                bool restFits = windowTokens <= budget && _window[_window.Count - 1].End == end;

                // Spans can be fewer than tokens (a character BPE splits into several), so the break is chosen
                // among the spans there are; the exact count of the composed chunk is checked below.
                int spansInBudget = Math.Min(budget, _window.Count - 1);
                int lastToken = restFits
                    ? _window.Count - 1
                    : spansInBudget == 0 ? 0 : BreakPointFinder.ChooseLastToken(text, _window, spansInBudget, previousEnd);

                // When the rest fits, the window is the tokenization of text[chunkStart, end) itself.
                DraftChunk chunk = restFits
                    ? _composer.ComposeCounted(text, chunkStart, end, windowTokens)
                    : _composer.Compose(text, chunkStart, _window[lastToken].End);

                // BPE can count the finished content (prefix joined, edges trimmed) higher than the window it was
                // cut from; drop tokens from the end until what is stored fits.
                while (chunk.Tokens > _composer.MaxTokens && lastToken > 0)
                {
                    lastToken = Math.Max(0, lastToken - (chunk.Tokens - _composer.MaxTokens));
                    chunk = _composer.Compose(text, chunkStart, _window[lastToken].End);
                }

                yield return chunk;

                int cut = _window[lastToken].End;
                if (SkipWhiteSpace(text, cut, end) == end)
                {
                    yield break;
                }

                previousEnd = cut;
                // A window of one span (a character of more tokens than the budget) has no overlap to give.
                int nextFirst = FirstOverlapToken(text, lastToken);
                chunkStart = SkipWhiteSpace(text, nextFirst < _window.Count ? _window[nextFirst].Start : cut, end);
            }
        }

        /// <summary>
        /// The token the next chunk starts with: about <c>_overlap</c> tokens before the cut, moved forward to the
        /// start of a word when one is near so the chunk does not open mid-word. Never the current chunk's first
        /// token, so every chunk moves forward.
        /// </summary>
        private int FirstOverlapToken(string text, int lastToken)
        {
            int first = Math.Max(1, lastToken + 1 - _overlap);
            for (int candidate = first; candidate <= lastToken; candidate++)
            {
                int start = _window[candidate].Start;
                if (char.IsWhiteSpace(text[start - 1]) || char.IsWhiteSpace(text[start]))
                {
                    return candidate;
                }
            }

            return first;
        }

        private static int SkipWhiteSpace(string text, int position, int end)
        {
            while (position < end && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            return position;
        }
    }
}
