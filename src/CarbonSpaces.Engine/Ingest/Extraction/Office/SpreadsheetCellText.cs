using System;
using System.Globalization;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>
    /// Shows cell values the way a reader expects to search for them: dates as ISO dates rather
    /// than serial numbers, percentages with a % sign, numbers without binary noise
    /// (0.1 + 0.2 shows as 0.3, as in Excel, which shows 15 significant digits).
    /// </summary>
    internal static class SpreadsheetCellText
    {
        /// <summary>Days between the 1900 and 1904 date systems (Mac Excel's 1904 system starts later).</summary>
        private const int Date1904Offset = 1462;

        /// <summary>The largest serial date Excel accepts: 9999-12-31.</summary>
        private const double MaxSerialDate = 2958465.999999;

        public static string Number(double value, NumberDisplay display, bool uses1904DateSystem)
        {
            switch (display)
            {
                case NumberDisplay.Percent:
                    return General(value * 100) + "%";
                case NumberDisplay.DateTime when value >= 0 && value <= MaxSerialDate:
                    return Date(DateTime.FromOADate(uses1904DateSystem ? value + Date1904Offset : value));
                default:
                    return General(value);
            }
        }

        /// <summary>
        /// ISO 8601 date, with the time only when there is one. Serials below 1 are times of day
        /// with no date (they land on 1899-12-30), so they show only the time.
        /// </summary>
        public static string Date(DateTime value)
        {
            var rounded = new DateTime((value.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond);
            if (rounded.Year < 1900)
            {
                return rounded.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            }

            return rounded.TimeOfDay == TimeSpan.Zero
                ? rounded.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
                : rounded.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        }

        public static string Boolean(bool value) => value ? "TRUE" : "FALSE";

        private static string General(double value) => value.ToString("G15", CultureInfo.InvariantCulture);
    }
}
