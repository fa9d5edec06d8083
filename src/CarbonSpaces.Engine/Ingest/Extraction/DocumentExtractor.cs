using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Extracts the text of a downloaded file: detects its format and hands it to the extractor for
    /// that format family. Reads only the given content and writes nothing. Synchronous and
    /// CPU-bound: callers run it on a worker thread.
    /// </summary>
    public sealed class DocumentExtractor
    {
        /// <summary>Extractors keep no state between files, so one of each serves every thread.</summary>
        private static readonly IReadOnlyDictionary<FormatFamily, ITextExtractor> Extractors = new Dictionary<FormatFamily, ITextExtractor>
        {
            [FormatFamily.PlainText] = new PlainTextExtractor(),
            [FormatFamily.Markdown] = new MarkdownExtractor(),
            [FormatFamily.DelimitedText] = new DelimitedTextExtractor(),
            [FormatFamily.Json] = new JsonExtractor(),
            [FormatFamily.Html] = new HtmlExtractor(),
            [FormatFamily.Xml] = new XmlExtractor(),
            [FormatFamily.Word] = new WordExtractor(),
            [FormatFamily.PowerPoint] = new PowerPointExtractor(),
            [FormatFamily.Spreadsheet] = new SpreadsheetExtractor(),
        };

        private readonly FormatDetector _detector = new FormatDetector();

        /// <summary>
        /// The text of <paramref name="content"/>, known to the user as
        /// <paramref name="fileName"/> (the object key; every error message names it).
        /// </summary>
        /// <exception cref="CarbonSpacesException">
        /// CarbonSpaces.UnsupportedFormat, CarbonSpaces.FormatNotYetSupported, CarbonSpaces.NotText,
        /// CarbonSpaces.CorruptFile or CarbonSpaces.FileTooLarge.
        /// </exception>
        /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
        public ExtractedDocument Extract(FileContent content, string fileName, string? contentType, ExtractionLimits limits, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
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
            var format = _detector.Detect(fileName, contentType, content);
            var extractor = ExtractorFor(format, fileName);
            if (content.Length == 0)
            {
                return new ExtractedDocument(format, Array.Empty<ExtractedSegment>());
            }

            try
            {
                return extractor.Extract(new ExtractionContext(content, fileName, format, limits, cancellationToken));
            }
            catch (Exception exception) when (IsCausedByContent(exception))
            {
                throw ExtractionErrors.CorruptFile(fileName, format, exception);
            }
        }

        private static ITextExtractor ExtractorFor(string format, string fileName)
        {
            var family = FormatCatalog.FamilyOf(format);
            if (family != null)
            {
                return Extractors[family.Value];
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
