using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>Recognises formats from their leading "magic" bytes, for files whose name says nothing.</summary>
    internal static class ContentSignatures
    {
        private static readonly byte[] Ole2 = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

        /// <summary>The format code the bytes announce, or null when they announce none.</summary>
        public static string? Recognise(byte[] head, int count, FileContent content)
        {
            if (Has(head, count, 0, "PK\u0003\u0004") || Has(head, count, 0, "PK\u0005\u0006"))
            {
                return OfficeFormatInsideZip(content);
            }

            if (Has(head, count, 0, Ole2))
            {
                return FormatCatalog.Xls;
            }

            if (Has(head, count, 0, "%PDF"))
            {
                return FormatCatalog.Pdf;
            }

            if (Has(head, count, 0, "{\\rtf"))
            {
                return FormatCatalog.Rtf;
            }

            return ImageFormat(head, count) ?? AudioOrVideoFormat(head, count);
        }

        private static string? ImageFormat(byte[] head, int count)
        {
            if (Has(head, count, 0, new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }))
            {
                return "PNG";
            }

            if (Has(head, count, 0, new byte[] { 0xFF, 0xD8, 0xFF }))
            {
                return "JPG";
            }

            if (Has(head, count, 0, "GIF87a") || Has(head, count, 0, "GIF89a"))
            {
                return "GIF";
            }

            if (Has(head, count, 0, "II*\0") || Has(head, count, 0, "MM\0*"))
            {
                return "TIFF";
            }

            // "BM" alone also starts ordinary text; the header's reserved bytes are always zero.
            if (Has(head, count, 0, "BM") && Has(head, count, 6, new byte[] { 0, 0, 0, 0 }))
            {
                return "BMP";
            }

            if (Has(head, count, 0, "RIFF") && Has(head, count, 8, "WEBP"))
            {
                return "WEBP";
            }

            return null;
        }

        private static string? AudioOrVideoFormat(byte[] head, int count)
        {
            if (Has(head, count, 0, "RIFF") && Has(head, count, 8, "WAVE"))
            {
                return "WAV";
            }

            if (Has(head, count, 0, "ID3") || Has(head, count, 0, new byte[] { 0xFF, 0xFB }) || Has(head, count, 0, new byte[] { 0xFF, 0xF3 }))
            {
                return "MP3";
            }

            if (Has(head, count, 0, "OggS"))
            {
                return "OGG";
            }

            if (Has(head, count, 0, "fLaC"))
            {
                return "FLAC";
            }

            if (Has(head, count, 4, "ftyp"))
            {
                return Has(head, count, 8, "M4A ") ? "M4A" : Has(head, count, 8, "qt  ") ? "MOV" : "MP4";
            }

            if (Has(head, count, 0, new byte[] { 0x1A, 0x45, 0xDF, 0xA3 }))
            {
                var header = Encoding.ASCII.GetString(head, 0, Math.Min(count, 64));
                return header.Contains("webm") ? "WEBM" : "MKV";
            }

            return null;
        }

        /// <summary>docx, pptx and xlsx are zips told apart by their main part; any other zip is just a zip.</summary>
        private static string OfficeFormatInsideZip(FileContent content)
        {
            try
            {
                using (var stream = content.OpenRead())
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Read))
                {
                    var names = zip.Entries.Select(entry => entry.FullName).ToList();
                    bool Contains(string name) => names.Any(entryName => string.Equals(entryName, name, StringComparison.OrdinalIgnoreCase));
                    return Contains("word/document.xml") ? FormatCatalog.Docx
                        : Contains("ppt/presentation.xml") ? FormatCatalog.Pptx
                        : Contains("xl/workbook.xml") ? FormatCatalog.Xlsx
                        : FormatCatalog.Zip;
                }
            }
            catch (InvalidDataException)
            {
                return FormatCatalog.Zip;
            }
        }

        private static bool Has(byte[] head, int count, int offset, string ascii) =>
            Has(head, count, offset, Encoding.ASCII.GetBytes(ascii));

        private static bool Has(byte[] head, int count, int offset, byte[] expected)
        {
            if (offset + expected.Length > count)
            {
                return false;
            }

            for (var i = 0; i < expected.Length; i++)
            {
                if (head[offset + i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
