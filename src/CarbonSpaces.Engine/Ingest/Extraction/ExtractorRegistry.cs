using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Extraction.Image;
using CarbonSpaces.Engine.Ingest.Extraction.Mail;
using CarbonSpaces.Engine.Ingest.Extraction.Media;
using CarbonSpaces.Engine.Ingest.Extraction.Office;
using CarbonSpaces.Engine.Ingest.Extraction.Pdf;
using CarbonSpaces.Engine.Ingest.Extraction.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>
    /// Which extractor reads which format. Each extractor declares its formats; a format claimed
    /// twice is a programming error, caught when the registry is built (once, as the engine opens).
    /// </summary>
    internal sealed class ExtractorRegistry
    {
        private readonly Dictionary<string, IFormatExtractor> _byFormat = new Dictionary<string, IFormatExtractor>(StringComparer.Ordinal);

        public ExtractorRegistry(IEnumerable<IFormatExtractor> extractors)
        {
            foreach (var extractor in extractors)
            {
                foreach (var format in extractor.Formats)
                {
                    if (_byFormat.TryGetValue(format, out var other))
                    {
                        throw new InvalidOperationException($"{format} is claimed by both {other.GetType().Name} and {extractor.GetType().Name}.");
                    }

                    _byFormat[format] = extractor;
                }
            }

            SupportedFormatList = "TXT (and other plain-text files such as .log, .yaml or source code), "
                + FormatCatalog.Describe(_byFormat.Keys.Where(code => !FormatCatalog.PlainText.Contains(code)));
        }

        /// <summary>What an UnsupportedFormat message offers instead.</summary>
        public string SupportedFormatList { get; }

        /// <summary>Every extractor CarbonSpaces has, over the given tools and services.</summary>
        public static ExtractorRegistry CreateDefault(ExtractionServices services)
        {
            var ocr = new TesseractOcr(services.Tools);
            return new ExtractorRegistry(new IFormatExtractor[]
            {
                new PlainTextExtractor(),
                new MarkdownExtractor(),
                new DelimitedTextExtractor(),
                new JsonExtractor(),
                new HtmlExtractor(),
                new XmlExtractor(),
                new WordExtractor(),
                new PowerPointExtractor(),
                new SpreadsheetExtractor(),
                new PdfExtractor(ocr),
                new ImageExtractor(ocr),
                new MailExtractor(),
                new RtfExtractor(),
                new MediaExtractor(services.Tools, services.Transcription),
            });
        }

        /// <summary>The extractor for <paramref name="code"/>, or null when CarbonSpaces does not extract it.</summary>
        public IFormatExtractor? Find(string code) => _byFormat.TryGetValue(code, out var extractor) ? extractor : null;
    }
}
