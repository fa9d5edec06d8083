using System;
using System.Diagnostics;
using System.IO;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class HostileFileExtractionTests : IDisposable
    {
        /// <summary>Generous for slow, busy CI machines; reading the hostile samples to the end would take minutes.</summary>
        private static readonly TimeSpan Quickly = TimeSpan.FromSeconds(30);

        /// <summary>
        /// Reading the inflating samples to the end would allocate gigabytes; within the limits a
        /// few tens of megabytes go on the paragraphs read before the limit is reached.
        /// </summary>
        private const long BoundedAllocation = 96L << 20;

        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Theory]
        [InlineData("report.docx", "DOCX")]
        [InlineData("deck.pptx", "PPTX")]
        [InlineData("book.xlsx", "XLSX")]
        [InlineData("legacy.xls", "XLS")]
        public void RandomBytesUnderAnOfficeExtensionAreReportedAsCorrupt(string fileName, string format)
        {
            var failure = SampleExtraction.Failure(_samples.WriteBytes(fileName, HostileSamples.RandomBytes(10_000, seed: 42)));

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains(fileName, failure.Message);
            Assert.Contains(format, failure.Message);
        }

        [Fact]
        public void ATruncatedDocxIsReportedAsCorrupt()
        {
            var path = _samples.Path("cut.docx");
            SampleOfficeDocuments.WriteDocx(path, "Title", SampleOfficeDocuments.Paragraph("Some text that will be lost."));
            HostileSamples.Truncate(path, (int)new FileInfo(path).Length / 2);

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains("cut.docx", failure.Message);
        }

        [Fact]
        public void APresentationRenamedToDocxIsReportedAsCorrupt()
        {
            var path = _samples.Path("really-a-deck.docx");
            SampleOfficeDocuments.WritePptx(path, new SampleSlide("Title", "Body"));

            Assert.Equal(ExtractionErrorIds.CorruptFile, SampleExtraction.Failure(path).ErrorId);
        }

        [Fact]
        public void ADocxDeclaringGigabytesOfXmlIsRefusedBeforeAnythingIsInflated()
        {
            var path = _samples.Path("bomb.docx");
            SampleOfficeDocuments.WriteDocx(path, null, SampleOfficeDocuments.Paragraph("tiny"));
            HostileSamples.DeclareUncompressedSize(path, HostileSamples.DocumentPart, 0xF0000000);
            var clock = Stopwatch.StartNew();

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("bomb.docx", failure.Message);
            Assert.Contains("zip bomb", failure.Message);
            Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
        }

        [Fact]
        public void ADocxThatInflatesPastTheDefaultLimitIsRefusedQuicklyFromTheSizesItDeclares()
        {
            var path = _samples.Path("inflating.docx");
            HostileSamples.WriteInflatingDocx(path, ExtractionLimits.DefaultMaxUncompressedBytes + (64L << 20));
            var clock = Stopwatch.StartNew();

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
        }

        [Fact]
        public void AnInflatingPartHiddenFromTheSizeCheckIsStoppedAtTheLimitWithBoundedMemory()
        {
            var path = _samples.Path("hidden-part.docx");
            HostileSamples.WriteInflatingDocx(path, 256L << 20, mainPart: "word/body.bin");
            var limits = new ExtractionLimits { MaxUncompressedBytes = 4L << 20 };
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var clock = Stopwatch.StartNew();

            var failure = SampleExtraction.Failure(path, limits);

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("4,194,304 bytes", failure.Message);
            Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, 0, BoundedAllocation);
        }

        [Fact]
        public void AZipThatInflatesBeyondTheSizesItDeclaresIsStopped()
        {
            var path = _samples.Path("liar.docx");
            HostileSamples.WriteInflatingDocx(path, 64L << 20);
            HostileSamples.DeclareUncompressedSize(path, HostileSamples.DocumentPart, 1000);
            var limits = new ExtractionLimits { MaxUncompressedBytes = 8L << 20 };
            var clock = Stopwatch.StartNew();

            var failure = SampleExtraction.Failure(path, limits);

            Assert.Contains(failure.ErrorId, new[] { ExtractionErrorIds.FileTooLarge, ExtractionErrorIds.CorruptFile });
            Assert.True(clock.Elapsed < Quickly, $"took {clock.Elapsed}");
        }

        [Fact]
        public void OneGiganticTextRunIsStoppedAtTheCharacterLimitWithoutBeingMaterialised()
        {
            var path = _samples.Path("one-run.docx");
            HostileSamples.WriteDocxWithOneHugeTextRun(path, 200L << 20);
            var limits = new ExtractionLimits { MaxExtractedCharacters = 1_000_000 };
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();

            var failure = SampleExtraction.Failure(path, limits);

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("1,000,000 characters", failure.Message);
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore, 0, BoundedAllocation);
        }

        [Fact]
        public void AnExecutableIsAnUnsupportedFormatAndTheMessageListsWhatIsSupported()
        {
            var executable = HostileSamples.RandomBytes(2048, seed: 3);
            executable[0] = (byte)'M';
            executable[1] = (byte)'Z';

            var failure = SampleExtraction.Failure(_samples.WriteBytes("setup.exe", executable));

            Assert.Equal(ExtractionErrorIds.UnsupportedFormat, failure.ErrorId);
            Assert.Contains("setup.exe", failure.Message);
            Assert.Contains("EXE", failure.Message);
            Assert.Contains("DOCX", failure.Message);
            Assert.Contains("CSV", failure.Message);
        }

        [Fact]
        public void UnrecognisedBinaryWithoutAnExtensionIsAnUnsupportedFormat()
        {
            var failure = SampleExtraction.Failure(_samples.WriteBytes("blob", HostileSamples.RandomBytes(2048, seed: 5)));

            Assert.Equal(ExtractionErrorIds.UnsupportedFormat, failure.ErrorId);
            Assert.Contains("unrecognised format", failure.Message);
        }

        [Fact]
        public void AZipArchiveIsAnUnsupportedFormatEvenWhenItHoldsADocument()
        {
            var path = _samples.Path("bundle.zip");
            SampleOfficeDocuments.WriteDocx(path, null, SampleOfficeDocuments.Paragraph("inside"));

            Assert.Equal(ExtractionErrorIds.UnsupportedFormat, SampleExtraction.Failure(path).ErrorId);
        }

        [Theory]
        [InlineData("call.mp3", "ID3")]
        [InlineData("demo.mp4", "\0\0\0\u0018ftypmp42")]
        [InlineData("clip.mkv", "\u001A\u0045\u00DF\u00A3")]
        public void ARecordingThatIsOnlyAHeaderFailsAsCorruptNamingTheFile(string fileName, string leadingBytes)
        {
            var bytes = new byte[256];
            for (var i = 0; i < leadingBytes.Length; i++)
            {
                bytes[i] = (byte)leadingBytes[i];
            }

            var failure = SampleExtraction.Failure(_samples.WriteBytes(fileName, bytes));

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains(fileName, failure.Message);
            Assert.Contains("ffprobe", failure.Message);
        }
    }
}
