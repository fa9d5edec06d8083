using System;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Classifies an .xlsx number format (built-in id or custom format code) as a date/time, a
    /// percentage or a plain number. Excel stores dates as serial numbers, so without this a date
    /// would be indexed as "45292".
    /// </summary>
    internal static class ExcelNumberFormats
    {
        public static NumberDisplay Classify(int numberFormatId, string? formatCode)
        {
            if (IsBuiltInDate(numberFormatId))
            {
                return NumberDisplay.DateTime;
            }

            if (numberFormatId == 9 || numberFormatId == 10)
            {
                return NumberDisplay.Percent;
            }

            return formatCode == null ? NumberDisplay.General : ClassifyCode(formatCode);
        }

        /// <summary>
        /// Ids 14–22 and 45–47 are the international date and time formats; 27–36 and 50–58 the
        /// East Asian ones.
        /// </summary>
        private static bool IsBuiltInDate(int id) =>
            (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);

        /// <summary>
        /// Looks at the first section of the code with quoted text, escaped characters and
        /// bracketed colours or conditions removed; elapsed-time brackets such as [h] still count.
        /// </summary>
        private static NumberDisplay ClassifyCode(string formatCode)
        {
            var significant = SignificantCharacters(formatCode).ToLowerInvariant();
            if (significant == "general")
            {
                return NumberDisplay.General;
            }

            foreach (var c in significant)
            {
                if (c == 'y' || c == 'd' || c == 'm' || c == 'h' || c == 's')
                {
                    return NumberDisplay.DateTime;
                }
            }

            return significant.IndexOf('%') >= 0 ? NumberDisplay.Percent : NumberDisplay.General;
        }

        private static string SignificantCharacters(string formatCode)
        {
            var kept = new StringBuilder();
            for (var i = 0; i < formatCode.Length; i++)
            {
                var c = formatCode[i];
                switch (c)
                {
                    case ';':
                        return kept.ToString();
                    case '"':
                        i = SkipPast(formatCode, i, '"');
                        break;
                    case '\\':
                    case '_':
                    case '*':
                        i++;
                        break;
                    case '[':
                        var close = SkipPast(formatCode, i, ']');
                        var bracketed = formatCode.Substring(i + 1, Math.Max(0, close - i - 1)).ToLowerInvariant();
                        if (IsElapsedTime(bracketed))
                        {
                            kept.Append(bracketed);
                        }

                        i = close;
                        break;
                    default:
                        kept.Append(c);
                        break;
                }
            }

            return kept.ToString();
        }

        private static bool IsElapsedTime(string bracketed) =>
            bracketed.Length > 0 && bracketed.Trim('h', 'm', 's').Length == 0;

        /// <summary>The index of the next <paramref name="terminator"/> after <paramref name="start"/>, or the last index.</summary>
        private static int SkipPast(string text, int start, char terminator)
        {
            var end = text.IndexOf(terminator, start + 1);
            return end < 0 ? text.Length - 1 : end;
        }
    }
}
