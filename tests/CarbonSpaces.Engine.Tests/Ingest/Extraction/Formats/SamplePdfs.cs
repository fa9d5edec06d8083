using System.Collections.Generic;
using CarbonSpaces.Engine.Tests.TestSupport;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    /// <summary>PDFs made in the test with PdfPig's writer (real PDF files, each line a text-showing operation) and qpdf.</summary>
    public static class SamplePdfs
    {
        /// <summary>One page per entry, each page's lines from the top down; a page with no lines has no text at all.</summary>
        public static byte[] Text(IReadOnlyList<string[]> pages, string? title = null, string? author = null)
        {
            var builder = new PdfDocumentBuilder();
            var font = builder.AddStandard14Font(Standard14Font.Helvetica);
            builder.DocumentInformation.Title = title;
            builder.DocumentInformation.Author = author;
            foreach (var lines in pages)
            {
                var page = builder.AddPage(PageSize.A4);
                var y = 780.0;
                foreach (var line in lines)
                {
                    page.AddText(line, 12, new PdfPoint(50, y), font);
                    y -= 18;
                }
            }

            return builder.Build();
        }

        /// <summary>Pages that are only pictures (PNG), as a scanner makes them.</summary>
        public static byte[] Scanned(params byte[][] pageImages)
        {
            var builder = new PdfDocumentBuilder();
            foreach (var png in pageImages)
            {
                var page = builder.AddPage(PageSize.A4);
                page.AddPng(png, new PdfRectangle(0, 0, page.PageSize.Width, page.PageSize.Height));
            }

            return builder.Build();
        }

        /// <summary>A copy of <paramref name="path"/> that opens only with a user password (AES-256, by qpdf).</summary>
        public static void Encrypt(string path, string encryptedPath) =>
            ToolProcess.Run("qpdf", "--encrypt", "user-secret", "owner-secret", "256", "--", path, encryptedPath);
    }
}
