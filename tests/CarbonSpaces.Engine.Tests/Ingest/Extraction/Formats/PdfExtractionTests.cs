using System;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    public sealed class PdfExtractionTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Fact]
        public void EachPageIsASegmentOnItsPageNumberWithItsLinesKeptApart()
        {
            var path = _samples.WriteBytes("report.pdf", SamplePdfs.Text(new[]
            {
                new[] { "Chapter one begins with a list of", "works by the author" },
                new[] { "Chapter two is shorter" },
                new[] { "Chapter three ends it" },
            }));

            var document = SampleExtraction.Run(path);

            Assert.Equal("PDF", document.Format);
            Assert.Equal(new int?[] { 1, 2, 3 }, document.Segments.Select(s => s.Page));
            Assert.Contains("list of\nworks by", document.Segments[0].Text);
            Assert.Equal("Chapter two is shorter", document.Segments[1].Text);
        }

        [Fact]
        public void APdfGivesItsPageCountTitleAndAuthor()
        {
            var path = _samples.WriteBytes("minutes.pdf", SamplePdfs.Text(new[] { new[] { "one" }, new[] { "two" } }, title: "Board Minutes", author: "The Secretary"));

            var metadata = SampleExtraction.Run(path).Metadata.Values;

            Assert.Equal(2L, metadata[MetadataKeys.PageCount]);
            Assert.Equal("Board Minutes", metadata[MetadataKeys.Title]);
            Assert.Equal("The Secretary", metadata[MetadataKeys.Author]);
        }

        [Fact]
        public void APdfWithNoTextAtAllIsEmptyWithANoticeToResyncWithUseOcr()
        {
            var path = _samples.WriteBytes("scan.pdf", SamplePdfs.Text(new[] { Array.Empty<string>(), Array.Empty<string>() }));

            var document = SampleExtraction.Run(path);

            Assert.Empty(document.Segments);
            var notice = Assert.Single(document.Notices);
            Assert.Contains("scan.pdf", notice);
            Assert.Contains("-UseOcr", notice);
        }

        [Fact]
        public void ACorruptPdfFailsAsCorruptNamingTheFile()
        {
            var good = SamplePdfs.Text(new[] { new[] { "soon to be broken" } });
            var path = _samples.WriteBytes("broken.pdf", good.Take(good.Length / 3).ToArray());

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains("broken.pdf", failure.Message);
        }

        [Fact]
        public void APasswordProtectedPdfFailsSayingSo()
        {
            var plain = _samples.WriteBytes("plain.pdf", SamplePdfs.Text(new[] { new[] { "confidential salaries" } }));
            var path = _samples.Path("locked.pdf");
            SamplePdfs.Encrypt(plain, path);

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.PasswordProtected, failure.ErrorId);
            Assert.Contains("locked.pdf", failure.Message);
            Assert.Contains("password", failure.Message);
        }

        [Fact]
        public void APdfWithMorePagesThanTheLimitFailsNamingTheLimit()
        {
            var path = _samples.WriteBytes("tome.pdf", SamplePdfs.Text(Enumerable.Range(1, 5).Select(n => new[] { $"page {n}" }).ToList()));

            var failure = SampleExtraction.Failure(path, new ExtractionLimits { MaxPdfPages = 4 });

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("tome.pdf", failure.Message);
            Assert.Contains("MaxPdfPages", failure.Message);
        }
    }
}
