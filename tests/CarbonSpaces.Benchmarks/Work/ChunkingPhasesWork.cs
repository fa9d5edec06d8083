using System;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Text;
using CarbonSpaces.Engine.Ingest.Chunking;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// Profiling aid for P3: the engine's chunker alone, on the same text the P3 bucket holds (made
    /// again here), single-threaded, as FileBuilder calls it: Chunk (default options), then Measure
    /// (token count of the whole text, taken from the chunk when a file makes one). Shows how much CPU a file's build costs before any store
    /// or network work, and how it splits between the two passes.
    /// </summary>
    internal sealed class ChunkingPhasesWork : IWork
    {
        public const string Name = "chunking-phases";

        public Task WarmUpAsync(ChildRequest request)
        {
            var corpus = new Corpus(new NaturalTextGenerator(ZipfVocabulary.Create()));
            for (var i = 0; i < 50; i++)
            {
                Run(Decode(corpus.SmallFile(i).Body), out _, out _, out _);
            }

            return Task.CompletedTask;
        }

        public Task RunAsync(ChildRequest request, ChildResult result)
        {
            var corpus = new Corpus(new NaturalTextGenerator(ZipfVocabulary.Create()));
            var large = request.Count < 0;
            var documents = large
                ? new[] { Decode(corpus.LargeFile(0, (int)-request.Count).Body) }
                : Enumerable.Range(0, (int)request.Count).Select(i => Decode(corpus.SmallFile(i).Body)).ToArray();
            double measure = 0, chunk = 0;
            long chunks = 0;
            result.Begin();
            foreach (var text in documents)
            {
                chunks += Run(text, out var measureSeconds, out var chunkSeconds, out _);
                measure += measureSeconds;
                chunk += chunkSeconds;
            }

            result.End();
            result.Metrics["documents"] = documents.Length;
            result.Metrics["characters"] = documents.Sum(d => (double)d.Length);
            result.Metrics["chunks"] = chunks;
            result.Metrics["measureSeconds"] = measure;
            result.Metrics["chunkSeconds"] = chunk;
            return Task.CompletedTask;
        }

        private static string Decode(byte[] body) => Encoding.UTF8.GetString(body);

        private static int Run(string text, out double measureSeconds, out double chunkSeconds, out long tokens)
        {
            var chunker = new TextChunker(new Cl100kTokenizer());

            // One segment with its edges trimmed, as the text extractor leaves a text file.
            var segments = new[] { new ExtractedSegment(text.Trim()) };
            var clock = Stopwatch.StartNew();
            var chunks = chunker.Chunk(segments, new ChunkingOptions()).ToList();
            chunkSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            tokens = chunker.Measure(segments, chunks).Tokens;
            measureSeconds = clock.Elapsed.TotalSeconds;
            return chunks.Count;
        }
    }
}
