using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Turns worksheet rows into segments, whichever reader produced them: each sheet opens with
    /// its name and header row, then every later row is a record of "Header: value" lines, all on
    /// the sheet's page number and labelled with its name.
    /// </summary>
    internal sealed class SheetRecordWriter
    {
        private readonly SegmentCollector _segments;
        private int _sheetNumber;
        private string _sheetName = string.Empty;
        private IReadOnlyList<string>? _headers;

        public SheetRecordWriter(SegmentCollector segments)
        {
            _segments = segments;
        }

        /// <summary>The sheet tabs begun so far.</summary>
        public int SheetCount => _sheetNumber;

        /// <summary>Starts the next sheet tab; sheets without cells (charts) still take their number.</summary>
        public void BeginSheet(string name)
        {
            _sheetNumber++;
            _sheetName = name;
            _headers = null;
        }

        /// <summary>Takes a row's displayed cell values; the first non-blank row of a sheet is its header.</summary>
        public void AddRow(IReadOnlyList<string> cells)
        {
            if (RecordText.IsBlank(cells))
            {
                return;
            }

            if (_headers == null)
            {
                _headers = cells;
                _segments.Add(_sheetName + "\n" + RecordText.JoinCells(cells), page: _sheetNumber, label: _sheetName);
                return;
            }

            _segments.Add(RecordText.Format(_headers, cells, SpreadsheetColumns.Letters), page: _sheetNumber, isRecord: true, label: _sheetName);
        }
    }
}
