namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// .xlsx and .xls: sheet by sheet (page = tab number, label = sheet name), each row after the
    /// header a record of "Header: value" lines.
    /// </summary>
    internal sealed class SpreadsheetExtractor : ITextExtractor
    {
        public ExtractedDocument Extract(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);
            var sheets = new SheetRecordWriter(segments);
            if (context.Format == FormatCatalog.Xls)
            {
                XlsWorkbookReader.Read(context, sheets);
            }
            else
            {
                XlsxWorkbookReader.Read(context, sheets);
            }

            return segments.ToDocument();
        }
    }
}
