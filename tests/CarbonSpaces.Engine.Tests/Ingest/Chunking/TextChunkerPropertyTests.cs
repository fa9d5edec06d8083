using System;
using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Extraction;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Chunking
{
    /// <summary>Random documents of emoji, CJK, accents, numbers, blank lines, pages and rows, from a fixed seed.</summary>
    public sealed class TextChunkerPropertyTests
    {
        private const int Documents = 300;
        private const string FileName = "notes/😀 ünï 漢字.txt";

        private readonly Cl100kTokenizer _tokenizer = new Cl100kTokenizer();
        private readonly TextChunker _chunker = new TextChunker(new Cl100kTokenizer());

        [Fact]
        public void NoChunkSplitsAnEmojiOrOtherSurrogatePair()
        {
            ForRandomDocuments((text, chunks, options) =>
            {
                foreach (TextChunk chunk in chunks)
                {
                    Assert.False(char.IsLowSurrogate(text[chunk.StartOffset]), $"chunk {chunk.Index} starts inside a surrogate pair");
                    Assert.False(char.IsHighSurrogate(text[chunk.EndOffset - 1]), $"chunk {chunk.Index} ends inside a surrogate pair");
                }
            });
        }

        [Fact]
        public void RandomDocumentsAreFullyCoveredByNonBlankChunksWithinTheChunkSize()
        {
            ForRandomDocuments((text, chunks, options) =>
            {
                ChunkAssert.NoChunkIsBlank(chunks);
                ChunkAssert.ChunksAreNumberedInOrder(chunks);
                ChunkAssert.ContentIsTheTextBetweenTheOffsets(text, chunks, options.PrependFilename is null ? "" : options.PrependFilename + "\n");
                ChunkAssert.EveryVisibleCharacterIsInAChunk(text, chunks);
                ChunkAssert.TokensAreCountedOnTheStoredContent(_tokenizer, chunks);
                // BPE can spend several tokens on one character (an emoji), and a chunk never cuts a character:
                // only a chunk of a single character may exceed a chunk size that small.
                Assert.All(chunks.Where(chunk => chunk.EndOffset - chunk.StartOffset > 2), chunk => Assert.InRange(chunk.Tokens, 1, options.ChunkSize));
            });
        }

        [Fact]
        public void MeasuringWithTheChunksGivesWhatMeasuringAloneGives()
        {
            var random = new Random(777);
            int reused = 0;
            for (int sample = 0; sample < Documents; sample++)
            {
                IReadOnlyList<ExtractedSegment> document = Enumerable.Range(0, random.Next(1, 3))
                    .Select(_ => Cl100kTokenizerTests.RandomMixedText(random, random.Next(0, 80)))
                    .Select(text => new ExtractedSegment(random.Next(2) == 0 ? text.Trim() : text, isRecord: random.Next(4) == 0)) // trimmed, as extractors leave it
                    .ToList();
                var options = new ChunkingOptions { ChunkSize = random.Next(1, 120), ChunkOverlap = 0, PrependFilename = random.Next(4) == 0 ? FileName : null };
                List<TextChunk> chunks = _chunker.Chunk(document, options).ToList();

                DocumentTextStatistics alone = _chunker.Measure(document);
                DocumentTextStatistics withChunks = _chunker.Measure(document, chunks);

                Assert.Equal(alone.Characters, withChunks.Characters);
                Assert.Equal(alone.Tokens, withChunks.Tokens);
                reused += document.Count == 1 && chunks.Count == 1 && chunks[0].Content == document[0].Text ? 1 : 0;
            }

            Assert.True(reused > Documents / 10, $"only {reused} documents took the shortcut");
        }

        private void ForRandomDocuments(Action<string, IReadOnlyList<TextChunk>, ChunkingOptions> check)
        {
            var random = new Random(424242);
            for (int sample = 0; sample < Documents; sample++)
            {
                IReadOnlyList<ExtractedSegment> document = Enumerable.Range(0, random.Next(1, 6))
                    .Select(index => new ExtractedSegment(
                        Cl100kTokenizerTests.RandomMixedText(random, random.Next(0, 120)),
                        page: index / 2 + 1,
                        isRecord: random.Next(3) == 0))
                    .ToList();
                int chunkSize = random.Next(1, 60);
                var options = new ChunkingOptions
                {
                    ChunkSize = chunkSize,
                    ChunkOverlap = random.Next(0, chunkSize),
                    SetPageAsBoundary = random.Next(2) == 0,
                    MaxItemsPerChunk = random.Next(2) == 0 ? null : random.Next(1, 4),

                    // Only where the name leaves room for text, or no chunk could keep within the size.
                    PrependFilename = chunkSize > 2 * _tokenizer.CountTokens(FileName) && random.Next(2) == 0 ? FileName : null,
                };

                List<TextChunk> chunks = _chunker.Chunk(document, options).ToList();

                check(SampleText.DocumentText(document), chunks, options);
            }
        }
    }
}
