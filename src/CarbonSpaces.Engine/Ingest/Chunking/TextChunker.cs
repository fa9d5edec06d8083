using System;
using System.Collections.Generic;
using System.Threading;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Cuts a file's extracted text into the chunks that are indexed and searched.
    /// </summary>
    /// <remarks>
    /// The document text is the segments joined by a blank line ("\n\n"); chunk offsets point into it. A chunk
    /// holds either running text or whole records, never both. Running text may flow across segments (and
    /// pages, unless <see cref="ChunkingOptions.SetPageAsBoundary"/> is set) and ends at the best break in reach:
    /// a blank line, then a line end, then a sentence end, then a space, and only then between any two tokens.
    /// Chunks are produced lazily, one at a time, so a caller that stores each as it arrives holds one chunk's
    /// worth of tokens at a time, however large the file. Thread-safe: each call keeps its own state.
    /// </remarks>
    public sealed class TextChunker
    {
        private readonly ITokenizer _tokenizer;

        public TextChunker(ITokenizer tokenizer)
        {
            _tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));
        }

        /// <summary>
        /// The chunks of the document, in reading order, numbered from 0. Nothing is produced for a document that
        /// is empty or only whitespace.
        /// </summary>
        /// <exception cref="Common.CarbonSpacesException">
        /// The options are not valid (<c>CarbonSpaces.InvalidChunkSize</c>, <c>CarbonSpaces.InvalidChunkOverlap</c>,
        /// <c>CarbonSpaces.InvalidMaxItemsPerChunk</c>); thrown by this call, before enumeration starts.
        /// </exception>
        public IEnumerable<TextChunk> Chunk(IReadOnlyList<ExtractedSegment> segments, ChunkingOptions options, CancellationToken cancellationToken = default)
        {
            if (segments is null)
            {
                throw new ArgumentNullException(nameof(segments));
            }

            if (options is null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            options.Validate();
            return ChunkValidated(segments, options, cancellationToken);
        }

        /// <summary>The size of the document text in characters and tokens, without chunking it.</summary>
        public DocumentTextStatistics Measure(IReadOnlyList<ExtractedSegment> segments, CancellationToken cancellationToken = default)
        {
            if (segments is null)
            {
                throw new ArgumentNullException(nameof(segments));
            }

            if (segments.Count == 0)
            {
                return new DocumentTextStatistics(0, 0);
            }

            int separators = segments.Count - 1;
            long characters = (long)separators * DocumentLayout.SegmentSeparator.Length;
            long tokens = (long)separators * _tokenizer.CountTokens(DocumentLayout.SegmentSeparator);
            foreach (ExtractedSegment segment in segments)
            {
                cancellationToken.ThrowIfCancellationRequested();
                characters += segment.Text.Length;
                tokens += _tokenizer.CountTokens(segment.Text);
            }

            return new DocumentTextStatistics(characters, tokens);
        }

        /// <summary>
        /// The size of the document text, as <see cref="Measure(IReadOnlyList{ExtractedSegment}, CancellationToken)"/>
        /// gives it, taken from <paramref name="chunks"/> (this document's chunks) when they already hold it: a
        /// document of one segment that became one chunk of exactly its text (a small text file) is not tokenized
        /// again.
        /// </summary>
        public DocumentTextStatistics Measure(IReadOnlyList<ExtractedSegment> segments, IReadOnlyList<TextChunk> chunks, CancellationToken cancellationToken = default)
        {
            if (segments is null)
            {
                throw new ArgumentNullException(nameof(segments));
            }

            if (chunks is null)
            {
                throw new ArgumentNullException(nameof(chunks));
            }

            // Equal text, equal count: a chunk's Tokens are counted on its content.
            return segments.Count == 1 && chunks.Count == 1 && string.Equals(chunks[0].Content, segments[0].Text, StringComparison.Ordinal)
                ? new DocumentTextStatistics(segments[0].Text.Length, chunks[0].Tokens)
                : Measure(segments, cancellationToken);
        }

        private IEnumerable<TextChunk> ChunkValidated(IReadOnlyList<ExtractedSegment> segments, ChunkingOptions options, CancellationToken cancellationToken)
        {
            var layout = new DocumentLayout(segments);
            var composer = new ChunkComposer(_tokenizer, options.ChunkSize, options.PrependFilename);
            var textSplitter = new RunningTextSplitter(_tokenizer, composer, options.ChunkOverlap);
            var recordPacker = new RecordPacker(_tokenizer, composer, textSplitter, options.MaxItemsPerChunk);
            int index = 0;
            foreach (SegmentRun run in SegmentRun.Partition(segments, options.SetPageAsBoundary))
            {
                IEnumerable<DraftChunk> drafts = run.IsRecords
                    ? recordPacker.Pack(layout, run, cancellationToken)
                    : textSplitter.Split(layout.Text, layout.SegmentStart(run.First), layout.SegmentEnd(run.Last), cancellationToken);
                foreach (DraftChunk draft in drafts)
                {
                    var (startTime, endTime) = layout.TimesOf(draft.Start, draft.End);
                    yield return new TextChunk(index++, draft.Content, draft.Tokens, draft.Start, draft.End, layout.PageAt(draft.Start), startTime, endTime);
                }
            }
        }
    }
}
