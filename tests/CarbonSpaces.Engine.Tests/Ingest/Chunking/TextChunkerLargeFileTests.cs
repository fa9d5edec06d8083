using System.Diagnostics;
using System.Linq;
using System.Text;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;
using Xunit.Abstractions;

namespace CarbonSpaces.Engine.Tests.Ingest.Chunking
{
    public sealed class TextChunkerLargeFileTests
    {
        private const int TwentyMebibytes = 20 * 1024 * 1024;

        private readonly ITestOutputHelper _output;

        public TextChunkerLargeFileTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void ATwentyMebibyteTextIsChunkedToTheEndWithDefaultOptions()
        {
            string text = BuildText(TwentyMebibytes);
            var document = new[] { new ExtractedSegment(text) };
            var chunker = new TextChunker(new Cl100kTokenizer());

            Stopwatch stopwatch = Stopwatch.StartNew();
            int chunks = 0;
            long tokens = 0;
            TextChunk? last = null;
            foreach (TextChunk chunk in chunker.Chunk(document, new ChunkingOptions()))
            {
                chunks++;
                tokens += chunk.Tokens;
                last = chunk;
            }

            long documentTokens = chunker.Measure(document).Tokens;
            stopwatch.Stop();

            _output.WriteLine($"{text.Length:N0} characters, {documentTokens:N0} tokens, {chunks:N0} chunks of up to 1500 tokens, chunked and measured in {stopwatch.ElapsedMilliseconds:N0} ms");
            Assert.NotNull(last);
            Assert.Equal(text.TrimEnd().Length, last!.EndOffset);
            Assert.True(chunks >= documentTokens / 1500);
        }

        private static string BuildText(int length)
        {
            var builder = new StringBuilder(length + 4096);
            var random = new System.Random(20);
            while (builder.Length < length)
            {
                builder.Append(SampleText.Paragraph(random, random.Next(2, 8)));
                builder.Append(random.Next(4) == 0 ? "\n" : "\n\n");
            }

            return builder.ToString(0, length);
        }
    }
}
