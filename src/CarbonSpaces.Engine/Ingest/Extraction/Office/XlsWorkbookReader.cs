using System;
using System.Globalization;
using System.Text;
using ExcelDataReader;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>Reads a legacy .xls (BIFF inside an OLE2 compound file) sheet by sheet with ExcelDataReader.</summary>
    internal static class XlsWorkbookReader
    {
        public static void Read(ExtractionContext context, SheetRecordWriter sheets)
        {
            // BIFF files name their code page (often 1252); .NET Core only knows those once the
            // provider is registered. Registering it again is harmless.
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

            using (var file = context.Content.OpenRead())
            using (var reader = ExcelReaderFactory.CreateBinaryReader(file))
            {
                do
                {
                    sheets.BeginSheet(reader.Name);
                    while (reader.Read())
                    {
                        context.Cancellation.ThrowIfCancellationRequested();
                        var cells = new string[reader.FieldCount];
                        for (var column = 0; column < cells.Length; column++)
                        {
                            cells[column] = CellText(reader, column);
                        }

                        sheets.AddRow(cells);
                    }
                }
                while (reader.NextResult());
            }
        }

        /// <summary>ExcelDataReader has already turned date-formatted numbers into DateTime values.</summary>
        private static string CellText(IExcelDataReader reader, int column)
        {
            switch (reader.GetValue(column))
            {
                case null:
                    return string.Empty;
                case string text:
                    return text;
                case double number:
                    // The same reading of the format as for xlsx (a quoted or escaped % is text, not a percent).
                    var display = ExcelNumberFormats.Classify(reader.GetNumberFormatIndex(column), reader.GetNumberFormatString(column));
                    return SpreadsheetCellText.Number(number, display == NumberDisplay.Percent ? NumberDisplay.Percent : NumberDisplay.General, uses1904DateSystem: false);
                case DateTime date:
                    return SpreadsheetCellText.Date(date);
                case bool flag:
                    return SpreadsheetCellText.Boolean(flag);
                case var other:
                    return Convert.ToString(other, CultureInfo.InvariantCulture) ?? string.Empty;
            }
        }
    }
}
