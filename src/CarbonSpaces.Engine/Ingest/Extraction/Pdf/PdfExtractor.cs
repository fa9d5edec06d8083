using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Exceptions;

namespace CarbonSpaces.Engine.Ingest.Extraction.Pdf
{
    /// <summary>
    /// PDF with PdfPig, page by page: each page's text in reading order as a segment on its page
    /// number. ContentOrderTextExtractor keeps the line breaks that page.Text drops ("of\nworks"
    /// would otherwise become "ofworks"). Pages without a text layer (scans) are left to OCR when
    /// the file asks for it (-UseOcr); a PDF with no text at all is read as empty, with a notice
    /// that says how to get its text.
    /// </summary>
    internal sealed class PdfExtractor : IFormatExtractor
    {
        public IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Pdf };

        public Task<ExtractedDocument> ExtractAsync(ExtractionContext context)
        {
            var segments = new SegmentCollector(context);
            using var stream = context.Content.OpenRead();
            using var document = Open(stream, context);
            var pageCount = document.NumberOfPages;
            if (pageCount > context.Limits.MaxPdfPages)
            {
                throw ExtractionErrors.TooManyPages(context.FileName, pageCount, context.Limits.MaxPdfPages);
            }

            var pagesWithoutText = 0;
            for (var number = 1; number <= pageCount; number++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var text = ContentOrderTextExtractor.GetText(document.GetPage(number));
                if (string.IsNullOrWhiteSpace(text))
                {
                    pagesWithoutText++;
                }

                segments.Add(text, page: number);
            }

            var metadata = ReadMetadata(document.Information, pageCount);
            var notices = pagesWithoutText == pageCount && pageCount > 0
                ? new[] { $"'{context.FileName}' has no text layer (it looks like a scan), so it has no chunks. Resync it with -UseOcr to read its pages with OCR." }
                : Array.Empty<string>();
            return Task.FromResult(segments.ToDocument(metadata: metadata, notices: notices));
        }

        private static PdfDocument Open(System.IO.Stream stream, ExtractionContext context)
        {
            try
            {
                return PdfDocument.Open(stream, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            }
            catch (PdfDocumentEncryptedException)
            {
                throw ExtractionErrors.PasswordProtected(context.FileName);
            }
        }

        private static DocumentMetadata ReadMetadata(DocumentInformation information, int pageCount)
        {
            var metadata = new DocumentMetadata();
            metadata.Set(MetadataKeys.PageCount, pageCount);
            metadata.Set(MetadataKeys.Title, information.Title);
            metadata.Set(MetadataKeys.Author, information.Author);
            metadata.Set(MetadataKeys.CreatedAt, information.GetCreatedDateTimeOffset());
            return metadata;
        }
    }
}
