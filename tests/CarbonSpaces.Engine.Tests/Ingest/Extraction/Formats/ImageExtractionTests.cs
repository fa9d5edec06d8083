using System;
using System.IO;
using System.Linq;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Extraction;
using CarbonSpaces.Engine.Ingest.Tools;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    public sealed class ImageExtractionTests : IDisposable
    {
        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Theory]
        [InlineData("invoice.png")]
        [InlineData("invoice.jpg")]
        [InlineData("invoice.gif")]
        [InlineData("invoice.bmp")]
        [InlineData("invoice.tiff")]
        [InlineData("invoice.webp")]
        public void TheTextOfAnImageIsReadWithOcrAndItsSizeIsKept(string name)
        {
            var path = _samples.Path(name);
            SampleImages.Text(path, 900, 260, "Invoice number 4711", "Total due seventy euros");

            var document = SampleExtraction.Run(path);

            var text = SampleExtraction.AllText(document);
            Assert.Contains("Invoice number 4711", text);
            Assert.Contains("seventy euros", text);
            Assert.Equal(MediaTypes.Image, document.MediaType);
            Assert.Equal(900L, document.Metadata.Values[MetadataKeys.Width]);
            Assert.Equal(260L, document.Metadata.Values[MetadataKeys.Height]);
        }

        [Fact]
        public void APhotoGivesItsCameraWhenAndWhereItWasTaken()
        {
            var path = _samples.Path("holiday.jpg");
            SampleImages.Blank(path, 640, 480);
            SampleImages.TagAsPhoto(path, "Canon", "Canon EOS 5D", "2024:05:06 07:08:09", "+02:00", 52.5163, -13.3777);

            var metadata = SampleExtraction.Run(path).Metadata.Values;

            Assert.Equal("Canon EOS 5D", metadata[MetadataKeys.Camera]);
            Assert.Equal(new DateTimeOffset(2024, 5, 6, 5, 8, 9, TimeSpan.Zero), metadata[MetadataKeys.TakenAt]);
            Assert.Equal(52.5163, (double)metadata[MetadataKeys.Latitude], 3);
            Assert.Equal(-13.3777, (double)metadata[MetadataKeys.Longitude], 3);
        }

        [Fact]
        public void AnImageWithoutTextIsReadAsEmpty()
        {
            var path = _samples.Path("sky.png");
            SampleImages.Blank(path, 400, 300);

            var document = SampleExtraction.Run(path);

            Assert.Empty(document.Segments);
            Assert.Equal(400L, document.Metadata.Values[MetadataKeys.Width]);
        }

        [Fact]
        public void ATruncatedImageFailsAsCorruptNamingTheFile()
        {
            var whole = _samples.Path("whole.png");
            SampleImages.Text(whole, 900, 260, "cut short");
            var bytes = File.ReadAllBytes(whole);
            var path = _samples.WriteBytes("cut.png", bytes.Take(bytes.Length / 2).ToArray());

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains("cut.png", failure.Message);
        }

        [Fact]
        public void AnImageWithMorePixelsThanTheLimitIsNotReadAndTheMessageNamesTheLimit()
        {
            var path = _samples.Path("poster.png");
            SampleImages.Blank(path, 2000, 1000);

            var failure = SampleExtraction.Failure(path, new ExtractionLimits { MaxImagePixels = 1_000_000 });

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("MaxImagePixels", failure.Message);
        }

        [Fact]
        public void OcrThatTakesLongerThanItsTimeoutIsStoppedAndSaysWhichLimit()
        {
            var path = _samples.Path("slow.png");
            SampleImages.Text(path, 2400, 3200, "A large page");

            var failure = SampleExtraction.Failure(path, new ExtractionLimits { OcrTimeout = TimeSpan.FromMilliseconds(50) });

            Assert.Equal("CarbonSpaces.ToolTimedOut", failure.ErrorId);
            Assert.Contains("slow.png", failure.Message);
            Assert.Contains("OcrTimeout", failure.Message);
        }

        [Fact]
        public void CancellingStopsOcrPromptly()
        {
            var path = _samples.Path("cancelled.png");
            SampleImages.Noise(path, 3508, 4960);
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            var watch = System.Diagnostics.Stopwatch.StartNew();

            Assert.ThrowsAny<OperationCanceledException>(() => new DocumentExtractor()
                .ExtractAsync(FileContent.FromFile(path), "cancelled.png", null, ExtractionOptions.Default, cancel.Token).GetAwaiter().GetResult());
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        }

        [Fact]
        public void WithoutTesseractAnImageFailsNamingTheToolAndHowToInstallIt()
        {
            var path = _samples.Path("nothing.png");
            SampleImages.Text(path, 400, 200, "unread");
            var locator = new ToolLocator(name => name == ExternalTool.Tesseract.EnvironmentVariable ? "/nonexistent/tesseract" : Environment.GetEnvironmentVariable(name));
            var extractor = new DocumentExtractor(new ExtractionServices(new ToolRunner(locator)));

            var failure = Assert.Throws<CarbonSpacesException>(() => extractor
                .ExtractAsync(FileContent.FromFile(path), "photos/nothing.png", null, ExtractionOptions.Default, CancellationToken.None).GetAwaiter().GetResult());

            Assert.Equal("CarbonSpaces.ToolNotFound", failure.ErrorId);
            Assert.Contains("photos/nothing.png", failure.Message);
            Assert.Contains("tesseract", failure.Message);
            Assert.Contains("CARBONSPACES_TESSERACT", failure.Message);
            Assert.Contains("apt-get install tesseract-ocr", failure.Message);
            Assert.Contains("winget install", failure.Message);
            Assert.Contains("brew install tesseract", failure.Message);
        }

        [Fact]
        public void AScannedPdfIsReadWithOcrWhenAskedAndOtherwiseSaysHow()
        {
            var page1 = _samples.Path("page1.png");
            var page2 = _samples.Path("page2.png");
            SampleImages.Text(page1, 1240, 1754, "Scanned contract page one");
            SampleImages.Text(page2, 1240, 1754, "Signed by both parties");
            var path = _samples.WriteBytes("contract.pdf", SamplePdfs.Scanned(File.ReadAllBytes(page1), File.ReadAllBytes(page2)));

            var withOcr = SampleExtraction.Run(path, useOcr: true);
            var without = SampleExtraction.Run(path);

            Assert.Equal(new int?[] { 1, 2 }, withOcr.Segments.Select(s => s.Page));
            Assert.Contains("Scanned contract page one", withOcr.Segments[0].Text);
            Assert.Contains("Signed by both parties", withOcr.Segments[1].Text);
            Assert.Empty(withOcr.Notices);
            Assert.Empty(without.Segments);
            Assert.Contains("-UseOcr", Assert.Single(without.Notices));
        }

        [Fact]
        public void OcrOfAScannedPdfStopsAtItsPageLimitAndSaysSo()
        {
            var page = _samples.Path("page.png");
            SampleImages.Text(page, 1240, 1754, "Repeated page");
            var image = File.ReadAllBytes(page);
            var path = _samples.WriteBytes("long-scan.pdf", SamplePdfs.Scanned(image, image, image));

            var document = SampleExtraction.Run(path, new ExtractionLimits { MaxOcrPages = 2 }, useOcr: true);

            Assert.Equal(new int?[] { 1, 2 }, document.Segments.Select(s => s.Page));
            var notice = Assert.Single(document.Notices);
            Assert.Contains("MaxOcrPages", notice);
            Assert.Contains("long-scan.pdf", notice);
        }
    }
}
