using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Ingest.Extraction.Image
{
    /// <summary>
    /// Images: their text by OCR (tesseract), and their size, camera, time and place from their
    /// headers. An image without text is read as empty: a photo is a valid file with no chunks.
    /// </summary>
    internal sealed class ImageExtractor : IFormatExtractor
    {
        private readonly TesseractOcr _ocr;

        public ImageExtractor(TesseractOcr ocr)
        {
            _ocr = ocr;
        }

        public IReadOnlyCollection<string> Formats => FormatCatalog.Images;

        public async Task<ExtractedDocument> ExtractAsync(ExtractionContext context)
        {
            DocumentMetadata metadata;
            using (var stream = context.Content.OpenRead())
            {
                metadata = ImageMetadataReader.Read(stream);
            }

            if (metadata.Values.TryGetValue(MetadataKeys.Width, out var width) && metadata.Values.TryGetValue(MetadataKeys.Height, out var height)
                && (long)width * (long)height > context.Limits.MaxImagePixels)
            {
                throw ExtractionErrors.TooManyPixels(context.FileName, (long)width, (long)height, context.Limits.MaxImagePixels);
            }

            var path = context.Content.LocalPath;
            var text = await _ocr.ReadAsync(path, path == null ? context.Content.InMemory() : ReadOnlyMemory<byte>.Empty, context).ConfigureAwait(false);
            var segments = new SegmentCollector(context);
            segments.Add(text);
            return segments.ToDocument(metadata: metadata);
        }
    }
}
