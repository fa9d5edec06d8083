using System;
using System.Globalization;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Builds the exceptions extraction throws, so every message names the file and says what to do.</summary>
    internal static class ExtractionErrors
    {
        public static CarbonSpacesException NotText(string fileName) =>
            new CarbonSpacesException(
                ExtractionErrorIds.NotText,
                FailureKind.InvalidData,
                $"'{fileName}' does not contain text: its content looks like binary data. Check that the file's name and type match what it holds.",
                fileName);

        public static CarbonSpacesException UnsupportedFormat(string fileName, string format, string supportedFormats) =>
            new CarbonSpacesException(
                ExtractionErrorIds.UnsupportedFormat,
                FailureKind.NotSupported,
                $"'{fileName}' is {DescribeUnsupported(format)}, which CarbonSpaces cannot extract text from. Supported formats: {supportedFormats}.",
                fileName);

        public static CarbonSpacesException CorruptFile(string fileName, string format, Exception cause) =>
            new CarbonSpacesException(
                ExtractionErrorIds.CorruptFile,
                FailureKind.InvalidData,
                $"'{fileName}' could not be read as {format}: the file is damaged or is not really a {format} file ({cause.Message}).",
                fileName,
                cause);

        public static CarbonSpacesException TooMuchText(string fileName, long limit) =>
            new CarbonSpacesException(
                ExtractionErrorIds.FileTooLarge,
                FailureKind.LimitExceeded,
                $"'{fileName}' yields more than {Count(limit)} characters of text, the most one file may hold (MaxExtractedCharacters). Split the file or raise the limit.",
                fileName);

        public static CarbonSpacesException TooMuchUnpackedData(string fileName, string format, long limit) =>
            new CarbonSpacesException(
                ExtractionErrorIds.FileTooLarge,
                FailureKind.LimitExceeded,
                $"'{fileName}' unpacks to more than {Count(limit)} bytes of {format} document data (MaxUncompressedBytes), so it was not read: it may be a zip bomb. Open it in its application and save a smaller copy if it is genuine.",
                fileName);

        public static CarbonSpacesException TooManyPages(string fileName, int pages, int limit) =>
            new CarbonSpacesException(
                ExtractionErrorIds.FileTooLarge,
                FailureKind.LimitExceeded,
                $"'{fileName}' has {Count(pages)} pages, more than the {Count(limit)} one PDF may have (MaxPdfPages), so it was not read. Split the PDF into smaller files.",
                fileName);

        public static CarbonSpacesException TooManyPixels(string fileName, long width, long height, long limit) =>
            new CarbonSpacesException(
                ExtractionErrorIds.FileTooLarge,
                FailureKind.LimitExceeded,
                $"'{fileName}' is {Count(width)} × {Count(height)} pixels, more than the {Count(limit)} pixels an image may have for OCR (MaxImagePixels), so it was not read. Scale it down and sync the copy.",
                fileName);

        public static CarbonSpacesException TooLong(string fileName, TimeSpan duration, TimeSpan limit) =>
            new CarbonSpacesException(
                ExtractionErrorIds.FileTooLarge,
                FailureKind.LimitExceeded,
                $"'{fileName}' is {duration.TotalHours:0.##} hours long, longer than the {limit.TotalHours:0.##} hours a recording may be to be transcribed (MaxMediaDuration), so it was not sent. Split the recording.",
                fileName);

        public static CarbonSpacesException PasswordProtected(string fileName) =>
            new CarbonSpacesException(
                ExtractionErrorIds.PasswordProtected,
                FailureKind.InvalidData,
                $"'{fileName}' is a password-protected PDF, so its text cannot be read. Store a copy without the password (or with an owner password only) and sync that.",
                fileName);

        private static string DescribeUnsupported(string format) =>
            format.Length == 0 ? "in an unrecognised format" : $"in the {format} format";

        private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
    }
}
