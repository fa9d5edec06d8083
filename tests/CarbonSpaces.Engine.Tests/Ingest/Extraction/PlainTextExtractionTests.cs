using System;
using System.Text;
using System.Threading;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction
{
    public sealed class PlainTextExtractionTests : IDisposable
    {
        private const string Greeting = "Grüße aus Köln – naïve café, 10 €.\nSecond line.";

        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void Utf8TextIsDecodedWithOrWithoutAByteOrderMark(bool withBom)
        {
            var path = _samples.WriteText("greeting.txt", Greeting, new UTF8Encoding(withBom));

            var document = SampleExtraction.Run(path);

            Assert.Equal("TXT", document.Format);
            Assert.Equal(Greeting, Assert.Single(document.Segments).Text);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Utf16TextWithAByteOrderMarkIsDecoded(bool bigEndian)
        {
            var path = _samples.WriteText("greeting.txt", Greeting, new UnicodeEncoding(bigEndian, byteOrderMark: true));

            Assert.Equal(Greeting, SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Utf16TextWithoutAByteOrderMarkIsRecognisedByItsNulBytes(bool bigEndian)
        {
            var path = _samples.WriteText("greeting.txt", Greeting, new UnicodeEncoding(bigEndian, byteOrderMark: false));

            Assert.Equal(Greeting, SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Fact]
        public void Latin1TextThatIsNotValidUtf8IsDecodedAsWindows1252()
        {
            var latin1 = new byte[] { 0x93, (byte)'C', (byte)'a', (byte)'f', 0xE9, 0x94, (byte)' ', (byte)'c', (byte)'r', 0xE8, (byte)'m', (byte)'e', (byte)' ', 0x80, (byte)'5' };
            var path = _samples.WriteBytes("menu.txt", latin1);

            Assert.Equal("“Café” crème €5", SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Fact]
        public void TextThatStopsBeingUtf8AfterTheSampledStartIsReadAsWindows1252()
        {
            var ascii = new string('a', 70_000);
            var bytes = Encoding.ASCII.GetBytes(ascii + " caf\u00E9");
            bytes[bytes.Length - 1] = 0xE9;
            var path = _samples.WriteBytes("long.txt", bytes);

            Assert.Equal(ascii + " café", SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Fact]
        public void AStrayBadByteInAUtf8FileWithAByteOrderMarkBecomesAReplacementCharacter()
        {
            var path = _samples.WriteBytes("bom.txt", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'o', (byte)'k', 0xFF, (byte)'!' });

            Assert.Equal("ok\uFFFD!", SampleExtraction.AllText(SampleExtraction.Run(path)));
        }

        [Fact]
        public void BinaryContentInATxtFileIsRejectedAsNotText()
        {
            var path = _samples.WriteBytes("notes.txt", HostileSamples.RandomBytes(4096, seed: 7));

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.NotText, failure.ErrorId);
            Assert.Contains("notes.txt", failure.Message);
            Assert.Equal("notes.txt", failure.Target);
        }

        [Fact]
        public void AnsiColourEscapesInALogDoNotMakeItBinary()
        {
            var path = _samples.WriteText("build.log", "\u001b[32mPASS\u001b[0m all tests\n\u001b[31mFAIL\u001b[0m none\n");

            var document = SampleExtraction.Run(path);

            Assert.Equal("LOG", document.Format);
            Assert.Contains("PASS", SampleExtraction.AllText(document));
        }

        [Theory]
        [InlineData("deploy.py", "PY", "def deploy():\n    return 'ok'")]
        [InlineData("settings.yml", "YAML", "region: nyc3\nbucket: reports")]
        [InlineData("Query.SQL", "SQL", "SELECT name FROM files;")]
        public void SourceCodeAndConfigurationFilesAreReadAsText(string fileName, string format, string content)
        {
            var document = SampleExtraction.Run(_samples.WriteText(fileName, content));

            Assert.Equal(format, document.Format);
            Assert.Equal(content, SampleExtraction.AllText(document));
        }

        [Fact]
        public void WindowsLineEndingsBecomeNewlines()
        {
            var document = SampleExtraction.Run(_samples.WriteText("dos.txt", "first\r\nsecond\r\n"));

            Assert.Equal("first\nsecond", SampleExtraction.AllText(document));
        }

        [Theory]
        [InlineData("empty.txt", "TXT")]
        [InlineData("empty.docx", "DOCX")]
        [InlineData("empty.xlsx", "XLSX")]
        public void AnEmptyFileYieldsADocumentWithNoSegments(string fileName, string format)
        {
            var document = SampleExtraction.Run(_samples.WriteBytes(fileName, Array.Empty<byte>()));

            Assert.Equal(format, document.Format);
            Assert.Empty(document.Segments);
        }

        [Fact]
        public void TextBeyondTheCharacterLimitFailsAsFileTooLarge()
        {
            var path = _samples.WriteText("big.log", new string('x', 20_000));

            var failure = SampleExtraction.Failure(path, new ExtractionLimits { MaxExtractedCharacters = 10_000 });

            Assert.Equal(ExtractionErrorIds.FileTooLarge, failure.ErrorId);
            Assert.Contains("big.log", failure.Message);
            Assert.Contains("10,000", failure.Message);
        }

        [Fact]
        public void ACancelledExtractionStops()
        {
            var path = _samples.WriteText("notes.txt", "text");
            using (var cancellation = new CancellationTokenSource())
            {
                cancellation.Cancel();

                Assert.ThrowsAny<OperationCanceledException>(() => SampleExtraction.Run(path, cancellation: cancellation.Token));
            }
        }
    }
}
