using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P8: embedding ~300-token chunks with the local model at ≥ 0.9× the throughput of ONNX Runtime called
    /// directly on the same windows with the same threads; and a 10-word query embedded in ≤ 50 ms warm.
    /// </summary>
    internal sealed class P8EmbeddingCase : IBenchCase
    {
        public string Id => "P8";

        public async Task RunAsync(BenchContext context)
        {
            var request = context.Request(EmbedWork.Name, context.Files, null, context.StorePath("p8"));
            request.Count = context.Options.EmbedChunks;
            var run = await context.Children.RunAsync(request, "p8-embed").ConfigureAwait(false);

            double engine = run.Metric("engine.chunksPerSecond");
            double reference = run.Metric("reference.chunksPerSecond");
            var row = new ResultRow
            {
                Case = "P8 embedding (local model)",
                Data = $"{Format.Count(run.Metric("chunks"))} chunks of ~{Format.Number(run.Metric("tokens"), "0")} cl100k tokens",
                CarbonSpaces = $"{Format.Number(engine, "0.0")} chunks/s",
                Reference = $"{Format.Number(reference, "0.0")} chunks/s (ONNX Runtime direct)",
                Ratio = Format.Number(engine / reference, "0.00"),
                Target = "≥ 0.9× direct; query ≤ 50 ms",
                Met = engine >= 0.9 * reference && run.Metric("query.p50") <= 50,
                PeakRss = Format.Mebibytes(run.PeakRssBytes),
                Requests = "none (local)",
            };
            row.Details.Add($"best of 2 alternating repetitions each; {Format.Count(run.Metric("windows"))} windows; the engine's time includes wordpiece tokenization and whitespace normalization, the reference's only the session runs");
            row.Details.Add($"a 10-word query embedded warm: p50 {Format.Milliseconds(run.Metric("query.p50"))}");
            row.Details.Add("measures the pipeline's embedding step on its own, not a whole sync from S3 (downloads and extraction run beside it in the build workers)");
            context.Rows.Add(row);
        }
    }
}
