using System;
using System.Linq;
using System.Text;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    public sealed class RtfExtractionTests : IDisposable
    {
        private const string Document =
            @"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Helvetica;}{\f1 Times New Roman;}}{\colortbl;\red255\green0\blue0;}" +
            @"{\*\generator Riched20 10.0;}{\info{\title Hidden title}{\author Hidden author}}" +
            @"\pard\f0\fs24 Caf\'e9 au lait costs 3\u8364? today.\par " +
            @"Second paragraph with \b bold\b0  and a {\field{\*\fldinst HYPERLINK ""https://example.com""}{\fldrslt visible link}}.\par " +
            @"{\pict\pngblip 89504e470d0a1a0a}\trowd\cellx1000\cellx2000 Left\cell Right\cell\row }";

        private readonly SampleFolder _samples = new SampleFolder();

        public void Dispose() => _samples.Dispose();

        [Fact]
        public void AnRtfDocumentGivesItsVisibleTextOnly()
        {
            var path = _samples.WriteBytes("letter.rtf", Encoding.ASCII.GetBytes(Document));

            var text = SampleExtraction.AllText(SampleExtraction.Run(path));

            Assert.Equal("RTF", SampleExtraction.Run(path).Format);
            Assert.Contains("Café au lait costs 3€ today.", text);
            Assert.Contains("Second paragraph with bold and a visible link.", text);
            Assert.Contains("Left | Right |", text);
            foreach (var hidden in new[] { "Helvetica", "Riched20", "Hidden title", "HYPERLINK", "89504e47", "red255" })
            {
                Assert.DoesNotContain(hidden, text);
            }
        }

        [Fact]
        public void AnRtfFileWithoutItsExtensionIsRecognisedByItsContent()
        {
            var path = _samples.WriteBytes("letter", Encoding.ASCII.GetBytes(Document));

            Assert.Equal("RTF", SampleExtraction.Run(path).Format);
        }

        [Fact]
        public void AnRtfFileNestingGroupsWithoutEndFailsAsCorruptInsteadOfExhaustingMemory()
        {
            var path = _samples.WriteBytes("deep.rtf", Encoding.ASCII.GetBytes(@"{\rtf1 " + string.Concat(Enumerable.Repeat("{", 100_000)) + "text"));

            var failure = SampleExtraction.Failure(path);

            Assert.Equal(ExtractionErrorIds.CorruptFile, failure.ErrorId);
            Assert.Contains("deep.rtf", failure.Message);
        }

        [Fact]
        public void AFileNamedRtfThatIsNotRtfFailsAsCorrupt()
        {
            var path = _samples.WriteText("fake.rtf", "just some words");

            Assert.Equal(ExtractionErrorIds.CorruptFile, SampleExtraction.Failure(path).ErrorId);
        }
    }
}
