using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Text;
using CarbonSpaces.Engine.Services.Embedding;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P8: the build pipeline's embedding step (EmbeddingModel.EmbedDocumentsAsync, batches of 64 chunks as
    /// ChunkEmbedder sends them) over <see cref="ChildRequest.Count"/> chunks of ~300 cl100k tokens, against
    /// ONNX Runtime called directly on the same windows (the same wordpiece ids, batches of 16 sorted by
    /// length, every core), repetitions alternating. The engine's time includes its tokenization, window
    /// splitting and normalization; the reference's is the session runs alone.
    /// </summary>
    internal sealed class EmbedWork : IWork
    {
        public const string Name = "embed";
        /// <summary>~300 cl100k tokens of the benchmark's Zipf text (its words are longer than everyday English's).</summary>
        private const int WordsPerChunk = 115;
        private const int Repetitions = 2;
        private const int PipelineBatch = 64;
        private const int ReferenceBatch = 16;

        public async Task WarmUpAsync(ChildRequest request)
        {
            var model = EmbeddingModels.Open(EmbeddingSettings.Default).Model!;
            await model.EmbedDocumentsAsync(Chunks(32), CancellationToken.None).ConfigureAwait(false);
        }

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            var chunks = Chunks((int)request.Count);
            var model = EmbeddingModels.Open(EmbeddingSettings.Default).Model!;
            var local = LocalEmbeddingModel.Instance;
            // The engine's windows, grouped as it runs them: each call of 64 chunks, sorted by length, in batches of 16.
            var groups = Enumerable.Range(0, (chunks.Count + PipelineBatch - 1) / PipelineBatch)
                .Select(g => chunks.Skip(g * PipelineBatch).Take(PipelineBatch).SelectMany(c => Windows(local, EmbeddingText.Normalize(c))).OrderBy(w => w.Length).ToList())
                .ToList();
            var (onnx, _) = LocalModelFiles.Read();
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = Environment.ProcessorCount };
            using var session = new InferenceSession(onnx, options);

            var engineSeconds = new List<double>();
            var referenceSeconds = new List<double>();
            result.Begin();
            for (int repetition = 0; repetition < Repetitions; repetition++)
            {
                var clock = Stopwatch.StartNew();
                for (int start = 0; start < chunks.Count; start += PipelineBatch)
                {
                    await model.EmbedDocumentsAsync(chunks.Skip(start).Take(PipelineBatch).ToList(), CancellationToken.None).ConfigureAwait(false);
                }

                engineSeconds.Add(clock.Elapsed.TotalSeconds);
                clock.Restart();
                foreach (var windows in groups)
                {
                    for (int start = 0; start < windows.Count; start += ReferenceBatch)
                    {
                        RunDirect(session, windows.Skip(start).Take(ReferenceBatch).ToList());
                    }
                }

                referenceSeconds.Add(clock.Elapsed.TotalSeconds);
            }

            result.End();
            result.Metrics["chunks"] = chunks.Count;
            result.Metrics["tokens"] = chunks.Sum(c => new CarbonSpaces.Engine.Ingest.Chunking.Cl100kTokenizer().CountTokens(c)) / (double)chunks.Count;
            result.Metrics["windows"] = groups.Sum(g => g.Count);
            result.Metrics["engine.chunksPerSecond"] = chunks.Count / engineSeconds.Min();
            result.Metrics["reference.chunksPerSecond"] = chunks.Count / referenceSeconds.Min();

            var query = "where are the invoices for the new office chairs kept";
            await model.EmbedQueryAsync(query, CancellationToken.None).ConfigureAwait(false);
            var latencies = Enumerable.Range(0, 20).Select(_ =>
            {
                var clock = Stopwatch.StartNew();
                model.EmbedQueryAsync(query, CancellationToken.None).GetAwaiter().GetResult();
                return clock.Elapsed.TotalMilliseconds;
            }).ToList();
            result.Metrics["query.p50"] = Stats.Percentile(latencies, 50);
        }

        private static List<string> Chunks(int count)
        {
            var generator = new NaturalTextGenerator(ZipfVocabulary.Create());
            var random = new Random(88);
            var text = new StringBuilder();
            return Enumerable.Range(0, count).Select(_ =>
            {
                text.Clear();
                generator.AppendWords(text, WordsPerChunk, random);
                return text.ToString();
            }).ToList();
        }

        /// <summary>The windows the engine reads a text in: [CLS] + up to 510 wordpieces + [SEP], every 446 wordpieces.</summary>
        private static IEnumerable<long[]> Windows(LocalEmbeddingModel model, string text)
        {
            var pieces = model.WordPieces(text);
            int start = 0;
            do
            {
                var window = pieces.Skip(start).Take(510).Select(id => (long)id);
                yield return new long[] { 101 }.Concat(window).Concat(new long[] { 102 }).ToArray();
                start += 446;
            }
            while (start + 64 < pieces.Count);
        }

        private static void RunDirect(InferenceSession session, List<long[]> batch)
        {
            int width = batch.Max(w => w.Length);
            var ids = new long[batch.Count * width];
            var mask = new long[batch.Count * width];
            for (int row = 0; row < batch.Count; row++)
            {
                Array.Copy(batch[row], 0, ids, row * width, batch[row].Length);
                Array.Fill(mask, 1L, row * width, batch[row].Length);
            }

            int[] shape = { batch.Count, width };
            var inputs = new List<NamedOnnxValue>
            {
                NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, shape)),
                NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, shape)),
                NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(new long[ids.Length], shape)),
            };
            using var outputs = session.Run(inputs, session.OutputMetadata.Keys.Take(1).ToArray());
        }
    }
}
