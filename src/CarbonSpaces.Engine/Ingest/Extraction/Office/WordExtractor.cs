using System.Collections.Generic;
using System.IO;
using DocumentFormat.OpenXml.Packaging;

namespace CarbonSpaces.Engine.Ingest.Extraction.Office
{
    /// <summary>.docx: the body's paragraphs, headings and tables in order; the core title as the document title.</summary>
    internal sealed class WordExtractor : SynchronousExtractor
    {
        public override IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Docx };

        protected override ExtractedDocument Extract(ExtractionContext context)
        {
            ZipBombGuard.CheckDeclaredSizes(context);
            var parts = new OfficePartReader(context);
            var segments = new SegmentCollector(context);
            using (var file = context.Content.OpenRead())
            using (var document = WordprocessingDocument.Open(file, isEditable: false))
            {
                var main = document.MainDocumentPart ?? throw new InvalidDataException("it has no main document part");
                var headingStyles = ReadHeadingStyles(main.StyleDefinitionsPart, parts);
                using (var body = parts.Open(main))
                using (var reader = SafeXml.CreateReader(body))
                {
                    new WordBodyReader(headingStyles, segments, parts.Text, context.Cancellation).Read(reader);
                }

                var metadata = OfficeProperties.Read(document);
                metadata.Set(MetadataKeys.PageCount, PageCount(document));
                return segments.ToDocument(document.PackageProperties.Title, metadata);
            }
        }

        /// <summary>
        /// Pages as Word counted them when it last saved the file (docProps/app.xml): a .docx holds
        /// no layout, so this is the only page count there is.
        /// </summary>
        private static long? PageCount(WordprocessingDocument document) =>
            long.TryParse(document.ExtendedFilePropertiesPart?.Properties?.Pages?.Text, out var pages) ? pages : (long?)null;

        private static WordHeadingStyles ReadHeadingStyles(StyleDefinitionsPart? stylesPart, OfficePartReader parts)
        {
            if (stylesPart == null)
            {
                return WordHeadingStyles.None;
            }

            using (var styles = parts.Open(stylesPart))
            using (var reader = SafeXml.CreateReader(styles))
            {
                return WordHeadingStyles.Read(reader);
            }
        }
    }
}
