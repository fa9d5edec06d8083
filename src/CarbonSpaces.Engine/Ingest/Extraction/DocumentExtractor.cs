using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Extracts the text of a downloaded file: detects its format and hands it to the extractor the
    /// registry holds for that format. Reads only the given content and writes nothing.
    /// </summary>
    public sealed class DocumentExtractor
    {
        private readonly ExtractorRegistry _registry;
        private readonly FormatDetector _detector = new FormatDetector();

        /// <summary>Every extractor CarbonSpaces has, with tools found on PATH or through their CARBONSPACES_* variables.</summary>
        public DocumentExtractor()
            : this(ExtractionServices.FromEnvironment())
        {
        }

        public DocumentExtractor(ExtractionServices services)
            : this(ExtractorRegistry.CreateDefault(services))
        {
        }

        internal DocumentExtractor(ExtractorRegistry registry)
        {
            _registry = registry;
        }

        /// <summary>
        /// The text of <paramref name="content"/>, known to the user as
        /// <paramref name="fileName"/> (the object key; every error message names it).
        /// </summary>
        /// <exception cref="CarbonSpacesException">
        /// CarbonSpaces.UnsupportedFormat, CarbonSpaces.NotText, CarbonSpaces.CorruptFile or CarbonSpaces.FileTooLarge.
        /// </exception>
        /// <exception cref="OperationCanceledException">When <paramref name="cancellationToken"/> is cancelled.</exception>
        public Task<ExtractedDocument> ExtractAsync(FileContent content, string fileName, string? contentType, ExtractionOptions options, CancellationToken cancellationToken)
        {
            if (content == null)
            {
                throw new ArgumentNullException(nameof(content));
            }

            if (fileName == null)
            {
                throw new ArgumentNullException(nameof(fileName));
            }

            if (options == null)
            {
                throw new ArgumentNullException(nameof(options));
            }

            return ExtractAsync(content, fileName, contentType, options, 0, cancellationToken);
        }

        /// <param name="depth">0 for a file, 1 for an attachment of it, 2 for an attachment of that …</param>
        private async Task<ExtractedDocument> ExtractAsync(FileContent content, string fileName, string? contentType, ExtractionOptions options, int depth, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var format = _detector.Detect(fileName, contentType, content);
            var extractor = _registry.Find(format) ?? throw ExtractionErrors.UnsupportedFormat(fileName, format, _registry.SupportedFormatList);
            if (content.Length == 0)
            {
                return new ExtractedDocument(format, Array.Empty<ExtractedSegment>());
            }

            var context = new ExtractionContext(content, fileName, format, options, cancellationToken)
            {
                Depth = depth,
                PartExtractor = (part, partName, partType) => ExtractAsync(part, partName, partType, options, depth + 1, cancellationToken),
            };
            try
            {
                return await extractor.ExtractAsync(context).ConfigureAwait(false);
            }
            catch (Exception exception) when (IsCausedByContent(exception))
            {
                throw ExtractionErrors.CorruptFile(fileName, format, exception);
            }
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
