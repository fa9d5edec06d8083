using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Chunking
{
    public sealed class TextChunkerTests
    {
        private readonly Cl100kTokenizer _tokenizer = new Cl100kTokenizer();
        private readonly TextChunker _chunker = new TextChunker(new Cl100kTokenizer());

        [Fact]
        public void NoChunkHoldsMoreTokensThanTheChunkSize()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 1, paragraphs: 40, sentencesPerParagraph: 6));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 50, ChunkOverlap = 5 }).ToList();

            Assert.True(chunks.Count > 20);
            Assert.All(chunks, chunk => Assert.InRange(chunk.Tokens, 1, 50));
            ChunkAssert.TokensAreCountedOnTheStoredContent(_tokenizer, chunks);
            ChunkAssert.ContentIsTheTextBetweenTheOffsets(SampleText.DocumentText(document), chunks);
            ChunkAssert.EveryVisibleCharacterIsInAChunk(SampleText.DocumentText(document), chunks);
        }

        [Fact]
        public void EachChunkRepeatsTheEndOfThePreviousOne()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 2, paragraphs: 1, sentencesPerParagraph: 60));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 60, ChunkOverlap = 10 }).ToList();

            Assert.True(chunks.Count > 5);
            string text = SampleText.DocumentText(document);
            for (int i = 1; i < chunks.Count; i++)
            {
                Assert.True(chunks[i].StartOffset < chunks[i - 1].EndOffset, $"chunk {i} does not overlap chunk {i - 1}");
                int sharedTokens = _tokenizer.CountTokens(text.Substring(chunks[i].StartOffset, chunks[i - 1].EndOffset - chunks[i].StartOffset));
                // Counted on its own, the shared text can take one token more than in the chunk it was cut from.
                Assert.InRange(sharedTokens, 1, 11);
            }
        }

        [Fact]
        public void WithoutOverlapChunksFollowOneAnother()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 3, paragraphs: 1, sentencesPerParagraph: 40));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 40, ChunkOverlap = 0 }).ToList();

            for (int i = 1; i < chunks.Count; i++)
            {
                Assert.True(chunks[i].StartOffset >= chunks[i - 1].EndOffset);
            }

            ChunkAssert.EveryVisibleCharacterIsInAChunk(SampleText.DocumentText(document), chunks);
        }

        [Fact]
        public void ChunksEndAtAParagraphBreakWhenOneIsInReach()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 4, paragraphs: 30, sentencesPerParagraph: 2));
            string text = SampleText.DocumentText(document);

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 100, ChunkOverlap = 0 }).ToList();

            Assert.True(chunks.Count > 3);
            Assert.All(chunks, chunk => Assert.True(chunk.EndOffset == text.Length || text.Substring(chunk.EndOffset, 2) == "\n\n", $"chunk {chunk.Index} ends mid-paragraph: \"{chunk.Content}\""));
        }

        [Fact]
        public void ChunksEndAtASentenceWhenNoParagraphBreakIsInReach()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 5, paragraphs: 1, sentencesPerParagraph: 50));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 80, ChunkOverlap = 0 }).ToList();

            Assert.True(chunks.Count > 3);
            Assert.All(chunks, chunk => Assert.EndsWith(".", chunk.Content));
        }

        [Fact]
        public void ChunksEndAtALineBreakBeforeASentenceEnd()
        {
            string lines = string.Join("\n", Enumerable.Range(1, 40).Select(i => $"Line {i} has a few words. And a second sentence"));
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(lines);
            string text = SampleText.DocumentText(document);

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 45, ChunkOverlap = 0 }).ToList();

            Assert.All(chunks, chunk => Assert.True(chunk.EndOffset == text.Length || text[chunk.EndOffset] == '\n', $"chunk {chunk.Index} ends mid-line: \"{chunk.Content}\""));
        }

        [Fact]
        public void TextWithoutSpacesIsStillCutWithinTheChunkSize()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(string.Concat(Enumerable.Repeat("漢字かな", 300)) + new string('x', 2000));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 64, ChunkOverlap = 8 }).ToList();

            Assert.All(chunks, chunk => Assert.InRange(chunk.Tokens, 1, 64));
            ChunkAssert.EveryVisibleCharacterIsInAChunk(SampleText.DocumentText(document), chunks);
        }

        [Fact]
        public void EachChunkKeepsThePageItStartsOn()
        {
            var random = new Random(6);
            var document = Enumerable.Range(1, 6).Select(page => new ExtractedSegment(SampleText.Paragraph(random, 3), page)).ToList();
            string text = SampleText.DocumentText(document);

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 40, ChunkOverlap = 5 }).ToList();

            Assert.Equal(1, chunks[0].Page);
            foreach (TextChunk chunk in chunks)
            {
                int pageStartingAtOrBefore = document.Select((segment, index) => (segment, start: SegmentStart(document, index)))
                    .Last(pair => pair.start <= chunk.StartOffset).segment.Page!.Value;
                Assert.Equal(pageStartingAtOrBefore, chunk.Page);
            }

            Assert.Contains(chunks, chunk => text.Substring(chunk.StartOffset, chunk.EndOffset - chunk.StartOffset).Contains("\n\n"));
        }

        [Fact]
        public void SetPageAsBoundaryStartsANewChunkOnEveryPage()
        {
            var document = new[] { "Cover page.", "Summary of the quarter.", "Appendix with tables." }
                .Select((text, index) => new ExtractedSegment(text, index + 1)).ToList();

            List<TextChunk> flowing = _chunker.Chunk(document, new ChunkingOptions()).ToList();
            List<TextChunk> paged = _chunker.Chunk(document, new ChunkingOptions { SetPageAsBoundary = true }).ToList();

            Assert.Single(flowing);
            Assert.Equal(new int?[] { 1, 2, 3 }, paged.Select(chunk => chunk.Page));
            Assert.Equal(new[] { "Cover page.", "Summary of the quarter.", "Appendix with tables." }, paged.Select(chunk => chunk.Content));
        }

        [Fact]
        public void MaxItemsPerChunkGroupsRowsWhole()
        {
            var rows = Enumerable.Range(1, 10).Select(i => new ExtractedSegment($"id: {i}, name: customer {i}, city: Lisbon", isRecord: true)).ToList();

            List<TextChunk> chunks = _chunker.Chunk(rows, new ChunkingOptions { MaxItemsPerChunk = 3 }).ToList();

            Assert.Equal(new[] { 3, 3, 3, 1 }, chunks.Select(chunk => chunk.Content.Split(new[] { "\n\n" }, StringSplitOptions.None).Length));
            Assert.Equal(string.Join("\n\n", rows.Take(3).Select(row => row.Text)), chunks[0].Content);
        }

        [Fact]
        public void RowsAreNeverSplitAcrossChunks()
        {
            var rows = Enumerable.Range(1, 40).Select(i => new ExtractedSegment($"id: {i}, name: customer number {i}, city: Lisbon, status: active", isRecord: true)).ToList();
            var rowTexts = new HashSet<string>(rows.Select(row => row.Text));

            List<TextChunk> chunks = _chunker.Chunk(rows, new ChunkingOptions { ChunkSize = 60, ChunkOverlap = 10 }).ToList();

            Assert.True(chunks.Count > 5);
            Assert.All(chunks, chunk => Assert.InRange(chunk.Tokens, 1, 60));
            Assert.All(chunks, chunk => Assert.All(chunk.Content.Split(new[] { "\n\n" }, StringSplitOptions.None), part => Assert.Contains(part, rowTexts)));
            Assert.Equal(rows.Count, chunks.Sum(chunk => chunk.Content.Split(new[] { "\n\n" }, StringSplitOptions.None).Length));
        }

        [Fact]
        public void ARowLargerThanAChunkIsSplitOnItsOwn()
        {
            var rows = new List<ExtractedSegment>
            {
                new ExtractedSegment("id: 1, note: short", isRecord: true),
                new ExtractedSegment("id: 2, note: " + SampleText.Paragraphs(seed: 7, paragraphs: 1, sentencesPerParagraph: 10), isRecord: true),
                new ExtractedSegment("id: 3, note: short", isRecord: true),
            };

            List<TextChunk> chunks = _chunker.Chunk(rows, new ChunkingOptions { ChunkSize = 40, ChunkOverlap = 5 }).ToList();

            Assert.Equal("id: 1, note: short", chunks.First().Content);
            Assert.Equal("id: 3, note: short", chunks.Last().Content);
            Assert.True(chunks.Count > 3);
            Assert.All(chunks, chunk => Assert.InRange(chunk.Tokens, 1, 40));
            ChunkAssert.EveryVisibleCharacterIsInAChunk(SampleText.DocumentText(rows), chunks);
        }

        [Fact]
        public void RowsAndTheTextAroundThemNeverShareAChunk()
        {
            var document = new List<ExtractedSegment>
            {
                new ExtractedSegment("Sheet1", label: "Sheet1"),
                new ExtractedSegment("a, b", isRecord: true),
                new ExtractedSegment("c, d", isRecord: true),
            };

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions()).ToList();

            Assert.Equal(new[] { "Sheet1", "a, b\n\nc, d" }, chunks.Select(chunk => chunk.Content));
        }

        [Fact]
        public void PrependFilenameStartsEveryChunkWithTheFileNameAndCountsItInTheChunkSize()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 8, paragraphs: 10, sentencesPerParagraph: 4));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 50, ChunkOverlap = 5, PrependFilename = "reports/2024-q1.txt" }).ToList();

            Assert.All(chunks, chunk => Assert.StartsWith("reports/2024-q1.txt\n", chunk.Content));
            Assert.All(chunks, chunk => Assert.InRange(chunk.Tokens, 1, 50));
            ChunkAssert.TokensAreCountedOnTheStoredContent(_tokenizer, chunks);
            ChunkAssert.ContentIsTheTextBetweenTheOffsets(SampleText.DocumentText(document), chunks, prefix: "reports/2024-q1.txt\n");
        }

        [Theory]
        [InlineData(10, 10)]
        [InlineData(10, 25)]
        [InlineData(10, -1)]
        public void AnOverlapThatIsNotSmallerThanTheChunkSizeIsRejected(int chunkSize, int chunkOverlap)
        {
            var options = new ChunkingOptions { ChunkSize = chunkSize, ChunkOverlap = chunkOverlap };

            var error = Assert.Throws<CarbonSpacesException>(() => _chunker.Chunk(SampleText.AsDocument("text"), options));

            Assert.Equal("CarbonSpaces.InvalidChunkOverlap", error.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        }

        [Fact]
        public void AChunkSizeBelowOneIsRejected()
        {
            var error = Assert.Throws<CarbonSpacesException>(() => new ChunkingOptions { ChunkSize = 0, ChunkOverlap = 0 }.Validate());

            Assert.Equal("CarbonSpaces.InvalidChunkSize", error.ErrorId);
            Assert.Equal(FailureKind.InvalidArgument, error.Kind);
        }

        [Fact]
        public void MaxItemsPerChunkBelowOneIsRejected()
        {
            var error = Assert.Throws<CarbonSpacesException>(() => new ChunkingOptions { MaxItemsPerChunk = 0 }.Validate());

            Assert.Equal("CarbonSpaces.InvalidMaxItemsPerChunk", error.ErrorId);
        }

        [Fact]
        public void TheDefaultsAre1500TokenChunksWith20TokensOfOverlap()
        {
            var options = new ChunkingOptions();

            Assert.Equal(1500, options.ChunkSize);
            Assert.Equal(20, options.ChunkOverlap);
        }

        [Fact]
        public void AnEmptyOrBlankDocumentHasNoChunks()
        {
            Assert.Empty(_chunker.Chunk(Array.Empty<ExtractedSegment>(), new ChunkingOptions()));
            Assert.Empty(_chunker.Chunk(SampleText.AsDocument(""), new ChunkingOptions()));
            Assert.Empty(_chunker.Chunk(SampleText.AsDocument(" \n\t", "", "\r\n"), new ChunkingOptions { SetPageAsBoundary = true }));
            Assert.Empty(_chunker.Chunk(new[] { new ExtractedSegment("  ", isRecord: true) }, new ChunkingOptions()));
        }

        [Fact]
        public void AShortDocumentIsOneChunkWithoutItsBlankEdges()
        {
            List<TextChunk> chunks = _chunker.Chunk(SampleText.AsDocument("\n  Hello world  \n"), new ChunkingOptions()).ToList();

            TextChunk chunk = Assert.Single(chunks);
            Assert.Equal("Hello world", chunk.Content);
            Assert.Equal(2, chunk.Tokens);
            Assert.Equal(3, chunk.StartOffset);
            Assert.Equal(14, chunk.EndOffset);
            Assert.Null(chunk.Page);
        }

        [Fact]
        public void AnOverlapOneBelowTheChunkSizeStillReachesTheEnd()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 9, paragraphs: 5, sentencesPerParagraph: 5));

            List<TextChunk> chunks = _chunker.Chunk(document, new ChunkingOptions { ChunkSize = 10, ChunkOverlap = 9 }).ToList();

            ChunkAssert.ChunksAreNumberedInOrder(chunks);
            ChunkAssert.EveryVisibleCharacterIsInAChunk(SampleText.DocumentText(document), chunks);
            Assert.Equal(SampleText.DocumentText(document).Length, chunks.Last().EndOffset);
        }

        [Fact]
        public void ChunkingTheSameDocumentTwiceGivesTheSameChunks()
        {
            IReadOnlyList<ExtractedSegment> document = SampleText.AsDocument(SampleText.Paragraphs(seed: 10, paragraphs: 20, sentencesPerParagraph: 5));
            var options = new ChunkingOptions { ChunkSize = 70, ChunkOverlap = 7 };

            var first = _chunker.Chunk(document, options).Select(chunk => (chunk.StartOffset, chunk.EndOffset, chunk.Tokens)).ToList();
            var second = _chunker.Chunk(document, options).Select(chunk => (chunk.StartOffset, chunk.EndOffset, chunk.Tokens)).ToList();

            Assert.Equal(first, second);
        }

        [Fact]
        public void CancellingStopsChunking()
        {
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();

            IEnumerable<TextChunk> chunks = _chunker.Chunk(SampleText.AsDocument("Some text."), new ChunkingOptions(), cancellation.Token);

            Assert.Throws<OperationCanceledException>(() => chunks.ToList());
        }

        [Fact]
        public void MeasureCountsTheCharactersAndTokensOfTheJoinedText()
        {
            DocumentTextStatistics statistics = _chunker.Measure(SampleText.AsDocument("Hello world", "12345"));

            Assert.Equal("Hello world\n\n12345".Length, statistics.Characters);
            Assert.Equal(2 + 1 + 2, statistics.Tokens);
        }

        [Fact]
        public void MeasuringAnEmptyDocumentGivesZero()
        {
            DocumentTextStatistics statistics = _chunker.Measure(Array.Empty<ExtractedSegment>());

            Assert.Equal(0, statistics.Characters);
            Assert.Equal(0, statistics.Tokens);
        }

        [Fact]
        public void ASmallTextIsTokenizedOnceToChunkAndMeasureIt()
        {
            var tokenizer = new CharacterCountingTokenizer();
            var chunker = new TextChunker(tokenizer);
            string text = SampleText.Paragraphs(seed: 3, paragraphs: 3, sentencesPerParagraph: 4).Trim();
            IReadOnlyList<ExtractedSegment> document = new[] { new ExtractedSegment(text) };

            List<TextChunk> chunks = chunker.Chunk(document, new ChunkingOptions()).ToList();
            DocumentTextStatistics statistics = chunker.Measure(document, chunks);

            Assert.Equal(text, Assert.Single(chunks).Content);
            Assert.Equal(_tokenizer.CountTokens(text), statistics.Tokens);
            Assert.Equal(text.Length + "\n\n".Length, tokenizer.CharactersTokenized); // and the segment separator, once
        }

        private static int SegmentStart(IReadOnlyList<ExtractedSegment> segments, int index) =>
            segments.Take(index).Sum(segment => segment.Text.Length + 2);

        /// <summary>The real tokenizer, counting how many characters it was asked to read.</summary>
        private sealed class CharacterCountingTokenizer : ITokenizer
        {
            private readonly Cl100kTokenizer _inner = new Cl100kTokenizer();

            public long CharactersTokenized { get; private set; }

            public int CountTokens(string text)
            {
                CharactersTokenized += text.Length;
                return _inner.CountTokens(text);
            }

            public int Tokenize(string text, int start, int length, int maxTokens, List<TokenSpan> tokens)
            {
                CharactersTokenized += length;
                return _inner.Tokenize(text, start, length, maxTokens, tokens);
            }
        }
    }
}
