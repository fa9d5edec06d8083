using System.Collections.Generic;
using System.Linq;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Tokens;

namespace CarbonSpaces.Engine.Ingest.Extraction.Pdf
{
    /// <summary>
    /// The pictures on a PDF page, as files tesseract can read: PNG where PdfPig can decode the
    /// image, and JPEG images (DCTDecode, how most scanners store pages) as the JPEG file they
    /// already are. Images in other encodings (JBIG2, JPEG 2000) are skipped.
    /// </summary>
    internal static class PdfPageImages
    {
        public static IEnumerable<byte[]> Of(Page page)
        {
            foreach (var image in page.GetImages())
            {
                if (IsJpeg(image))
                {
                    yield return image.RawBytes.ToArray();
                }
                else if (image.TryGetPng(out var png))
                {
                    yield return png;
                }
            }
        }

        private static bool IsJpeg(IPdfImage image) =>
            image.ImageDictionary.TryGet(NameToken.Filter, out var filter)
            && (filter is NameToken name ? name == NameToken.DctDecode
                : filter is ArrayToken list && list.Data.Count == 1 && list.Data[0] is NameToken only && only == NameToken.DctDecode);
    }
}
