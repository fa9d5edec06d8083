using System;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class FormatDetectorTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();
        private readonly FormatDetector _detector = new FormatDetector();

        public void Dispose() => _samples.Dispose();

        [Theory]
        [InlineData("reports/2024/summary.DOCX", "DOCX")]
        [InlineData("site/index.htm", "HTML")]
        [InlineData("notes.markdown", "MD")]
        [InlineData("config.yml", "YAML")]
        [InlineData("photo.JPEG", "JPG")]
        [InlineData("archive.tar.gz", "GZ")]
        [InlineData("data.parquet", "PARQUET")]
        [InlineData("README", "")]
        [InlineData(".gitignore", "")]
        [InlineData("Minutes v1.0", "")]
        [InlineData("Minutes.final draft", "")]
        [InlineData("odd|name<1>.txt", "TXT")]
        public void FormatOfReadsTheExtensionAlone(string fileName, string expected)
        {
            Assert.Equal(expected, FormatDetector.FormatOf(fileName));
        }

        [Fact]
        public void AKnownExtensionWinsOverTheContent()
        {
            var path = _samples.WriteText("looks-like-json.txt", "{\"a\": 1}");

            Assert.Equal("TXT", _detector.Detect("looks-like-json.txt", "application/json", FileContent.FromFile(path)));
        }

        [Theory]
        [InlineData("docx")]
        [InlineData("pptx")]
        [InlineData("xlsx")]
        public void OfficeDocumentsWithoutAnExtensionAreRecognisedByTheirContent(string kind)
        {
            var path = _samples.Path("upload-" + kind);
            switch (kind)
            {
                case "docx":
                    SampleOfficeDocuments.WriteDocx(path, null, SampleOfficeDocuments.Paragraph("x"));
                    break;
                case "pptx":
                    SampleOfficeDocuments.WritePptx(path, new SampleSlide("x", "y"));
                    break;
                default:
                    SampleOfficeDocuments.WriteXlsx(path, new SampleSheet("Sheet1", new object?[] { "x" }));
                    break;
            }

            Assert.Equal(kind.ToUpperInvariant(), _detector.Detect("upload-" + kind, "application/octet-stream", FileContent.FromFile(path)));
        }

        [Fact]
        public void AnOle2FileWithoutAnExtensionIsTakenForXls()
        {
            var path = _samples.Path("export");
            XlsWorkbookWriter.Write(path, new SampleSheet("Sheet1", new object?[] { "x" }));

            Assert.Equal("XLS", _detector.Detect("export", null, FileContent.FromFile(path)));
        }

        [Fact]
        public void LeadingBytesBeatAGenericContentType()
        {
            var path = _samples.WriteBytes("object-key", new byte[] { 0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x37 });

            Assert.Equal("PDF", _detector.Detect("object-key", "binary/octet-stream", FileContent.FromFile(path)));
        }

        [Theory]
        [InlineData("application/json; charset=utf-8", "JSON")]
        [InlineData("text/csv", "CSV")]
        [InlineData("application/ld+json", "JSON")]
        [InlineData("text/x-python", "TXT")]
        public void TheContentTypeDecidesWhenTheNameAndBytesSayNothing(string contentType, string expected)
        {
            var path = _samples.WriteText("object-key", "{\"a\": 1}");

            Assert.Equal(expected, _detector.Detect("object-key", contentType, FileContent.FromFile(path)));
        }

        [Fact]
        public void TextWithoutAnExtensionOrContentTypeIsTxt()
        {
            var path = _samples.WriteText("LICENSE", "Permission is hereby granted, free of charge.");

            Assert.Equal("TXT", _detector.Detect("LICENSE", null, FileContent.FromFile(path)));
        }

        [Fact]
        public void BinaryWithAnUnknownExtensionKeepsThatExtensionAsItsFormat()
        {
            var path = _samples.WriteBytes("model.bin", HostileSamples.RandomBytes(1024, seed: 9));

            Assert.Equal("BIN", _detector.Detect("model.bin", null, FileContent.FromFile(path)));
        }
    }
}
