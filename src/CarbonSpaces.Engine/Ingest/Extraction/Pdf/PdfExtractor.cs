using System.Collections.Generic;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Ingest.Extraction.Image;
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
        private readonly TesseractOcr _ocr;

        public PdfExtractor(TesseractOcr ocr)
        {
            _ocr = ocr;
        }

        public IReadOnlyCollection<string> Formats { get; } = new[] { FormatCatalog.Pdf };

        public async Task<ExtractedDocument> ExtractAsync(ExtractionContext context)
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
            var pagesLeftUnread = 0;
            for (var number = 1; number <= pageCount; number++)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                var page = document.GetPage(number);
                var text = ContentOrderTextExtractor.GetText(page);
                if (string.IsNullOrWhiteSpace(text))
                {
                    pagesWithoutText++;
                    if (context.Options.UseOcr && pagesWithoutText > context.Limits.MaxOcrPages)
                    {
                        pagesLeftUnread++;
                    }
                    else if (context.Options.UseOcr)
                    {
                        text = await ReadImagesAsync(page, context).ConfigureAwait(false);
                    }
                }

                segments.Add(text, page: number);
            }

            var notices = new List<string>();
            if (!context.Options.UseOcr && pagesWithoutText == pageCount && pageCount > 0)
            {
                notices.Add($"'{context.FileName}' has no text layer (it looks like a scan), so it has no chunks. Resync it with -UseOcr to read its pages with OCR.");
            }

            if (pagesLeftUnread > 0)
            {
                notices.Add($"'{context.FileName}' has {pagesWithoutText} pages without text; the first {context.Limits.MaxOcrPages} were read with OCR and the other {pagesLeftUnread} left unread (MaxOcrPages).");
            }

            return segments.ToDocument(metadata: ReadMetadata(document.Information, pageCount), notices: notices);
        }

        /// <summary>A scanned page is one picture, sometimes a few strips: each is read in turn, in the order the page draws them.</summary>
        private async Task<string> ReadImagesAsync(Page page, ExtractionContext context)
        {
            var texts = new List<string>();
            foreach (var image in PdfPageImages.Of(page))
            {
                texts.Add(await _ocr.ReadAsync(null, image, context).ConfigureAwait(false));
            }

            return string.Join("\n", texts);
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
