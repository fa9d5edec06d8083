using System.Collections.Generic;
using System.Threading;

namespace CarbonSpaces.Engine.Ingest.Chunking
{
    /// <summary>
    /// Packs consecutive records (rows, items) into chunks whole: as many as fit the token budget and
    /// MaxItemsPerChunk. Only a record too large for a chunk on its own is split, as running text.
    /// </summary>
    /// <remarks>
    /// Record chunks do not overlap: repeating part of the previous chunk would mean repeating a partial row.
    /// </remarks>
    internal sealed class RecordPacker
    {
        private readonly ITokenizer _tokenizer;
        private readonly ChunkComposer _composer;
        private readonly RunningTextSplitter _oversizedRecordSplitter;
        private readonly int? _maxRecordsPerChunk;
        private readonly int _separatorTokens;

        public RecordPacker(ITokenizer tokenizer, ChunkComposer composer, RunningTextSplitter oversizedRecordSplitter, int? maxRecordsPerChunk)
        {
            _tokenizer = tokenizer;
            _composer = composer;
            _oversizedRecordSplitter = oversizedRecordSplitter;
            _maxRecordsPerChunk = maxRecordsPerChunk;
            _separatorTokens = tokenizer.CountTokens(DocumentLayout.SegmentSeparator);
        }

        public IEnumerable<DraftChunk> Pack(DocumentLayout layout, SegmentRun run, CancellationToken cancellationToken)
        {
            int budget = _composer.ContentBudget;
            int first = run.First;
            while (first <= run.Last)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (string.IsNullOrWhiteSpace(layout.Segment(first).Text))
                {
                    first++;
                    continue;
                }

                int tokens = _tokenizer.CountTokens(layout.Segment(first).Text);
                if (tokens > budget)
                {
                    foreach (DraftChunk piece in _oversizedRecordSplitter.Split(layout.Text, layout.SegmentStart(first), layout.SegmentEnd(first), cancellationToken))
                    {
                        yield return piece;
                    }

                    first++;
                    continue;
                }

                int last = first;
                while (last < run.Last && !IsFull(last - first + 1))
                {
                    int withNext = tokens + _separatorTokens + _tokenizer.CountTokens(layout.Segment(last + 1).Text);
                    if (withNext > budget)
                    {
                        break;
                    }

                    tokens = withNext;
                    last++;
                }

                DraftChunk chunk = _composer.Compose(layout.Text, layout.SegmentStart(first), layout.SegmentEnd(last));

                // The sum of per-record counts is an estimate; the stored content is what must fit.
                while (chunk.Tokens > _composer.MaxTokens && last > first)
                {
                    last--;
                    chunk = _composer.Compose(layout.Text, layout.SegmentStart(first), layout.SegmentEnd(last));
                }

                yield return chunk;
                first = last + 1;
            }
        }

        private bool IsFull(int records) => records >= _maxRecordsPerChunk;
    }
}
