using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Extracts the text of a downloaded file: detects its format and hands it to the extractor for
    /// that format family. Reads only the given path and writes nothing. Synchronous and
    /// CPU-bound: callers run it on a worker thread.
    /// </summary>
    public sealed class DocumentExtractor
    {
        private static readonly ITextExtractor PlainText = new PlainTextExtractor();

        private static readonly IReadOnlyDictionary<string, ITextExtractor> StructuredExtractors = new Dictionary<string, ITextExtractor>(StringComparer.Ordinal)
        {
            [FormatCatalog.Md] = new MarkdownExtractor(),
            [FormatCatalog.Csv] = new DelimitedTextExtractor(),
            [FormatCatalog.Tsv] = new DelimitedTextExtractor(),
            [FormatCatalog.Json] = new JsonExtractor(),
            [FormatCatalog.Html] = new HtmlExtractor(),
            [FormatCatalog.Xml] = new XmlExtractor(),
            [FormatCatalog.Docx] = new WordExtractor(),
            [FormatCatalog.Pptx] = new PowerPointExtractor(),
            [FormatCatalog.Xlsx] = new SpreadsheetExtractor(),
            [FormatCatalog.Xls] = new SpreadsheetExtractor(),
        };

        private readonly FormatDetector _detector = new FormatDetector();

        /// <summary>
        /// The text of the file at <paramref name="filePath"/>, known to the user as
        /// <paramref name="fileName"/> (the object key; every error message names it).
        /// </summary>
        /// <exception cref="CarbonSpacesException">
        /// CarbonSpaces.UnsupportedFormat, CarbonSpaces.FormatNotYetSupported, CarbonSpaces.NotText,
        /// CarbonSpaces.CorruptFile or CarbonSpaces.FileTooLarge.
        /// </exception>
        /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
        public ExtractedDocument Extract(string filePath, string fileName, string? contentType, ExtractionLimits limits, CancellationToken cancellationToken)
        {
            if (filePath == null)
            {
                throw new ArgumentNullException(nameof(filePath));
            }

            if (fileName == null)
            {
                throw new ArgumentNullException(nameof(fileName));
            }

            if (limits == null)
            {
                throw new ArgumentNullException(nameof(limits));
            }

            cancellationToken.ThrowIfCancellationRequested();
            var format = _detector.Detect(fileName, contentType, filePath);
            var extractor = ExtractorFor(format, fileName);
            if (new FileInfo(filePath).Length == 0)
            {
                return new ExtractedDocument(format, Array.Empty<ExtractedSegment>());
            }

            try
            {
                return extractor.Extract(new ExtractionContext(filePath, fileName, format, limits, cancellationToken));
            }
            catch (Exception exception) when (IsCausedByContent(exception))
            {
                throw ExtractionErrors.CorruptFile(fileName, format, exception);
            }
        }

        private static ITextExtractor ExtractorFor(string format, string fileName)
        {
            if (FormatCatalog.IsPlainText(format))
            {
                return PlainText;
            }

            if (StructuredExtractors.TryGetValue(format, out var extractor))
            {
                return extractor;
            }

            throw FormatCatalog.IsPlanned(format)
                ? ExtractionErrors.FormatNotYetSupported(fileName, format)
                : ExtractionErrors.UnsupportedFormat(fileName, format);
        }

        /// <summary>
        /// Parsers fed damaged input fail in many ways (zip, XML, JSON, OpenXml, ExcelDataReader and
        /// plain index errors). Everything is a content problem except our own errors,
        /// cancellation, exhaustion, and not being able to open the file at all.
        /// </summary>
        private static bool IsCausedByContent(Exception exception) =>
            !(exception is CarbonSpacesException
                || exception is OperationCanceledException
                || exception is OutOfMemoryException
                || exception is FileNotFoundException
                || exception is DirectoryNotFoundException
                || exception is UnauthorizedAccessException);
    }
}
