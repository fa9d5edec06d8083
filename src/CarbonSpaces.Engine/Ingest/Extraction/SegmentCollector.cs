using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Gathers a document's segments in reading order, dropping empty ones, normalising line ends,
    /// and enforcing <see cref="ExtractionLimits.MaxExtractedCharacters"/> on what is produced
    /// (a CSV's header repeated on every row can make the output larger than the file).
    /// </summary>
    internal sealed class SegmentCollector
    {
        private readonly List<ExtractedSegment> _segments = new List<ExtractedSegment>();
        private readonly ExtractionContext _context;
        private readonly ExtractionBudget _characters;

        public SegmentCollector(ExtractionContext context)
        {
            _context = context;
            _characters = context.CreateCharacterBudget();
        }

        public void Add(string text, int? page = null, bool isRecord = false, string? label = null, TimeSpan? startTime = null, TimeSpan? endTime = null)
        {
            _context.Cancellation.ThrowIfCancellationRequested();
            var normalized = text.Replace("\r\n", "\n").Replace('\r', '\n').Trim();
            if (normalized.Length == 0)
            {
                return;
            }

            _characters.Spend(normalized.Length);
            _segments.Add(new ExtractedSegment(normalized, page, isRecord, label, startTime, endTime));
        }

        public ExtractedDocument ToDocument(string? title = null, DocumentMetadata? metadata = null, IReadOnlyList<string>? notices = null) =>
            new ExtractedDocument(_context.Format, _segments, string.IsNullOrWhiteSpace(title) ? null : title!.Trim(), metadata, notices);
    }
}
