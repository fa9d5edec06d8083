using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Writes a row of tabular data as "Header: value" lines, so each record still says what its
    /// values mean once it is chunked and searched on its own.
    /// </summary>
    internal static class RecordText
    {
        public static bool IsBlank(IReadOnlyList<string> cells) => cells.All(string.IsNullOrWhiteSpace);

        /// <summary>
        /// One line per non-empty value; a value whose column has no header is named by
        /// <paramref name="unnamedColumn"/> (given the 0-based column index).
        /// </summary>
        public static string Format(IReadOnlyList<string> headers, IReadOnlyList<string> values, Func<int, string> unnamedColumn)
        {
            var text = new StringBuilder();
            for (var column = 0; column < values.Count; column++)
            {
                var value = values[column].Trim();
                if (value.Length == 0)
                {
                    continue;
                }

                var header = column < headers.Count ? headers[column].Trim() : string.Empty;
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(header.Length > 0 ? header : unnamedColumn(column)).Append(": ").Append(value);
            }

            return text.ToString();
        }

        /// <summary>A header row on one line, for tables that have a header and nothing else.</summary>
        public static string JoinCells(IReadOnlyList<string> cells) =>
            string.Join(" | ", cells.Select(cell => cell.Trim()).Where(cell => cell.Length > 0));
    }
}
