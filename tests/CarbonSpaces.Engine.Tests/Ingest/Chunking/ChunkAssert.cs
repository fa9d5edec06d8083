using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Engine.Ingest.Chunking;
using Xunit;

namespace CarbonSpaces.Engine.Tests.Ingest.Chunking
{
    /// <summary>The promises every chunking of every document keeps.</summary>
    internal static class ChunkAssert
    {
        public static void ContentIsTheTextBetweenTheOffsets(string documentText, IReadOnlyList<TextChunk> chunks, string prefix = "")
        {
            foreach (TextChunk chunk in chunks)
            {
                Assert.Equal(prefix + documentText.Substring(chunk.StartOffset, chunk.EndOffset - chunk.StartOffset), chunk.Content);
            }
        }

        public static void NoChunkIsBlank(IReadOnlyList<TextChunk> chunks)
        {
            Assert.All(chunks, chunk => Assert.False(string.IsNullOrWhiteSpace(chunk.Content)));
        }

        public static void ChunksAreNumberedInOrder(IReadOnlyList<TextChunk> chunks)
        {
            Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(chunk => chunk.Index));
            for (int i = 1; i < chunks.Count; i++)
            {
                Assert.True(chunks[i].StartOffset > chunks[i - 1].StartOffset, $"chunk {i} starts at {chunks[i].StartOffset}, not after chunk {i - 1} at {chunks[i - 1].StartOffset}");
            }
        }

        public static void EveryVisibleCharacterIsInAChunk(string documentText, IReadOnlyList<TextChunk> chunks)
        {
            var covered = new bool[documentText.Length];
            foreach (TextChunk chunk in chunks)
            {
                for (int i = chunk.StartOffset; i < chunk.EndOffset; i++)
                {
                    covered[i] = true;
                }
            }

            for (int i = 0; i < documentText.Length; i++)
            {
                Assert.True(covered[i] || char.IsWhiteSpace(documentText[i]), $"character {i} ('{documentText[i]}') is in no chunk");
            }
        }

        public static void TokensAreCountedOnTheStoredContent(ITokenizer tokenizer, IReadOnlyList<TextChunk> chunks)
        {
            Assert.All(chunks, chunk => Assert.Equal(tokenizer.CountTokens(chunk.Content), chunk.Tokens));
        }
    }
}
