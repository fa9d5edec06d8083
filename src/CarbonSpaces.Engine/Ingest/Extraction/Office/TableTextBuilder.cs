using System.Collections.Generic;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>Writes a document table a row per line, its non-empty cells separated by " | ".</summary>
    internal sealed class TableTextBuilder
    {
        private readonly StringBuilder _rows = new StringBuilder();
        private readonly List<string> _cells = new List<string>();
        private readonly StringBuilder _cell = new StringBuilder();

        /// <summary>Adds a paragraph (or a nested table) to the current cell; several stay on the row's line.</summary>
        public void AppendToCell(string text)
        {
            if (_cell.Length > 0)
            {
                _cell.Append(' ');
            }

            _cell.Append(text.Replace('\n', ' '));
        }

        public void EndCell()
        {
            _cells.Add(_cell.ToString());
            _cell.Clear();
        }

        public void EndRow()
        {
            var row = RecordText.JoinCells(_cells);
            _cells.Clear();
            if (row.Length > 0)
            {
                _rows.Append(row).Append('\n');
            }
        }

        public override string ToString() => _rows.ToString();
    }
}
