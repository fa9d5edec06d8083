using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction.Text
{
    /// <summary>
    /// CSV and TSV: the first non-blank row is the header, and every later row becomes its own
    /// record segment of "Header: value" lines.
    /// </summary>
    internal sealed class DelimitedTextExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Csv, FormatCatalog.Tsv };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var text = TextFileReader.ReadAll(context);
            var delimiter = context.Format == FormatCatalog.Tsv ? '\t' : CsvDelimiter(text);
            var reader = new DelimitedTextReader(text, delimiter);
            var segments = new SegmentCollector(context);

            IReadOnlyList<string>? headers = null;
            var hasRecords = false;
            IReadOnlyList<string>? row;
            while ((row = reader.ReadRecord()) != null)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                if (RecordText.IsBlank(row))
                {
                    continue;
                }

                if (headers == null)
                {
                    headers = row;
                    continue;
                }

                segments.Add(RecordText.Format(headers, row, column => "Column " + (column + 1)), isRecord: true);
                hasRecords = true;
            }

            if (headers != null && !hasRecords)
            {
                segments.Add(RecordText.JoinCells(headers));
            }

            return segments.ToDocument();
        }

        /// <summary>
        /// Spreadsheet programs in locales that use a decimal comma save "CSV" separated by
        /// semicolons; a header line with semicolons and no commas is one of those.
        /// </summary>
        private static char CsvDelimiter(string text)
        {
            var lineEnd = text.IndexOf('\n');
            var header = lineEnd < 0 ? text : text.Substring(0, lineEnd);
            return header.IndexOf(',') < 0 && header.IndexOf(';') >= 0 ? ';' : ',';
        }
    }
}
