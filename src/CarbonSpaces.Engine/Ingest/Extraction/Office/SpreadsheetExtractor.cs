using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// .xlsx and .xls: sheet by sheet (page = tab number, label = sheet name), each row after the
    /// header a record of "Header: value" lines.
    /// </summary>
    internal sealed class SpreadsheetExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Xlsx, FormatCatalog.Xls };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);
            var sheets = new SheetRecordWriter(segments);
            // A legacy .xls keeps its properties in an OLE2 stream ExcelDataReader does not read.
            var metadata = new DocumentMetadata();
            if (context.Format == FormatCatalog.Xls)
            {
                XlsWorkbookReader.Read(context, sheets);
            }
            else
            {
                metadata = XlsxWorkbookReader.Read(context, sheets);
            }

            metadata.Set(MetadataKeys.SheetCount, sheets.SheetCount);
            return segments.ToDocument(metadata.Values.TryGetValue(MetadataKeys.Title, out var title) ? (string)title : null, metadata);
        }
    }
}
