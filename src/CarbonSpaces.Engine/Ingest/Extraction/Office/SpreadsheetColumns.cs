using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>Spreadsheet column letters (A, B … Z, AA …) to and from 0-based indexes.</summary>
    internal static class SpreadsheetColumns
    {
        /// <summary>XFD, the last column Excel allows.</summary>
        public const int MaxIndex = 16383;

        public static string Letters(int index)
        {
            var letters = new StringBuilder();
            for (var remaining = index + 1; remaining > 0; remaining = (remaining - 1) / 26)
            {
                letters.Insert(0, (char)('A' + ((remaining - 1) % 26)));
            }

            return letters.ToString();
        }

        /// <summary>The column of a cell reference such as "B12", or null when it is not one.</summary>
        public static int? IndexOf(string? cellReference)
        {
            if (string.IsNullOrEmpty(cellReference))
            {
                return null;
            }

            var index = 0;
            var letters = 0;
            foreach (var c in cellReference!)
            {
                var upper = char.ToUpperInvariant(c);
                if (upper < 'A' || upper > 'Z')
                {
                    break;
                }

                index = (index * 26) + (upper - 'A' + 1);
                if (++letters > 3)
                {
                    return null;
                }
            }

            return letters == 0 || index - 1 > MaxIndex ? (int?)null : index - 1;
        }
    }
}
