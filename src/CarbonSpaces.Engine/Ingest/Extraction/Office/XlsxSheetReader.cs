using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Threading;
using System.Xml;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Streams one worksheet's rows, resolving shared strings and showing numbers through their
    /// cell style. Cells may be sparse (only B and F of a row present), so their position is
    /// taken from the cell reference.
    /// </summary>
    internal sealed class XlsxSheetReader
    {
        private const string S = OpenXmlNamespaces.Spreadsheet;

        private readonly IReadOnlyList<string> _sharedStrings;
        private readonly XlsxCellStyles _styles;
        private readonly bool _uses1904DateSystem;
        private readonly BoundedXmlText _text;
        private readonly CancellationToken _cancellation;

        private readonly List<string> _row = new List<string>();
        private readonly StringBuilder _cellValue = new StringBuilder();
        private bool _inRow;
        private bool _inCell;
        private int _cellColumn;
        private string? _cellType;
        private int _cellStyle;

        public XlsxSheetReader(IReadOnlyList<string> sharedStrings, XlsxCellStyles styles, bool uses1904DateSystem, BoundedXmlText text, CancellationToken cancellation)
        {
            _sharedStrings = sharedStrings;
            _styles = styles;
            _uses1904DateSystem = uses1904DateSystem;
            _text = text;
            _cancellation = cancellation;
        }

        public void Read(XmlReader reader, SheetRecordWriter sheets)
        {
            reader.MoveToContent();
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && reader.NamespaceURI == S)
                {
                    if (reader.LocalName == "f" || reader.LocalName == "rPh")
                    {
                        // Formulas and phonetic guides are not what the cell shows.
                        reader.Skip();
                        continue;
                    }

                    StartElement(reader);
                }
                else if (reader.NodeType == XmlNodeType.EndElement && reader.NamespaceURI == S)
                {
                    EndElement(reader.LocalName, sheets);
                }

                reader.Read();
            }
        }

        private void StartElement(XmlReader reader)
        {
            switch (reader.LocalName)
            {
                case "row":
                    _row.Clear();
                    _inRow = !reader.IsEmptyElement;
                    break;
                case "c" when _inRow:
                    _inCell = true;
                    _cellColumn = SpreadsheetColumns.IndexOf(reader.GetAttribute("r")) ?? _row.Count;
                    _cellType = reader.GetAttribute("t");
                    _cellStyle = XlsxCellStyles.ParseInt(reader.GetAttribute("s"));
                    _cellValue.Clear();
                    if (reader.IsEmptyElement)
                    {
                        EndCell();
                    }

                    break;
                case "v" when _inCell:
                case "t" when _inCell:
                    _text.AppendElementText(reader, _cellValue);
                    break;
            }
        }

        private void EndElement(string name, SheetRecordWriter sheets)
        {
            switch (name)
            {
                case "c" when _inCell:
                    EndCell();
                    break;
                case "row" when _inRow:
                    _cancellation.ThrowIfCancellationRequested();
                    _inRow = false;
                    sheets.AddRow(_row.ToArray());
                    break;
            }
        }

        private void EndCell()
        {
            _inCell = false;
            while (_row.Count < _cellColumn)
            {
                _row.Add(string.Empty);
            }

            var text = CellText();
            if (_cellColumn < _row.Count)
            {
                _row[_cellColumn] = text;
            }
            else
            {
                _row.Add(text);
            }
        }

        private string CellText()
        {
            var value = _cellValue.ToString();
            switch (_cellType)
            {
                case "s":
                    return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < _sharedStrings.Count
                        ? _sharedStrings[index]
                        : string.Empty;
                case "b":
                    return SpreadsheetCellText.Boolean(value.Trim() == "1");
                case "inlineStr":
                case "str":
                case "e":
                case "d":
                    return value;
                default:
                    return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                        ? SpreadsheetCellText.Number(number, _styles.DisplayOf(_cellStyle), _uses1904DateSystem)
                        : value;
            }
        }
    }
}
