using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P9: vector search over 384-dimension vectors, warm session: 100,000 chunks p50 ≤ 20 ms, p99 ≤ 100 ms;
    /// 1,000,000 chunks p50 ≤ 100 ms, recall@10 ≥ 0.95, resident memory ≤ 600 MB; Hybrid ≤ 10 ms more than the
    /// slower of its parts; the first query of a new session over 100,000 chunks ≤ 1 s. The resident memory is
    /// the search child's peak before it loads the local model for the queries given as text.
    /// </summary>
    internal sealed class P9VectorSearchCase : IBenchCase
    {
        public string Id => "P9";

        public async Task RunAsync(BenchContext context)
        {
            foreach (var chunks in context.Options.VectorChunks)
            {
                var store = context.StorePath($"p9-{chunks}");
                var build = context.Request(VectorStoreWork.Name, context.Files, null, store);
                build.Count = chunks;
                build.SkipWarmUp = true;
                await context.Children.RunAsync(build, $"p9-{chunks}-build").ConfigureAwait(false);

                var request = context.Request(VectorSearchWork.Name, context.Files, null, store);
                request.Count = chunks;
                request.SkipWarmUp = true;
                var run = await context.Children.RunAsync(request, $"p9-{chunks}").ConfigureAwait(false);

                double p50 = run.Metric("warm.p50"), p99 = run.Metric("warm.p99"), first = run.Metric("first.ms");
                double recall = run.Metric("recall10"), searchRss = run.Metric("search.peakRss");
                double keyword = run.Metric("Keyword.p50"), vector = run.Metric("Vector.p50"), hybrid = run.Metric("Hybrid.p50");
                bool small = chunks <= 100_000;
                var row = new ResultRow
                {
                    Case = "P9 vector search",
                    Data = $"{Format.Count(run.Metric("chunks"))} chunks × 384 dimensions, int8 scan, exact rescoring",
                    CarbonSpaces = $"p50 {Format.Milliseconds(p50)}, p99 {Format.Milliseconds(p99)}; first query {Format.Milliseconds(first)}; recall@10 {recall:0.000}; search RSS {Format.Mebibytes((long)searchRss)}",
                    Target = small ? "p50 ≤ 20 ms, p99 ≤ 100 ms, first ≤ 1 s; Hybrid ≤ slower part + 10 ms" : "p50 ≤ 100 ms, recall@10 ≥ 0.95, RSS ≤ 600 MB",
                    Met = small
                        ? p50 <= 20 && p99 <= 100 && first <= 1000 && hybrid <= System.Math.Max(keyword, vector) + 10
                        : p50 <= 100 && recall >= 0.95 && searchRss <= 600L * 1024 * 1024,
                    PeakRss = Format.Mebibytes(run.PeakRssBytes),
                    Requests = "none (local)",
                };
                row.Details.Add($"the first query of the new session (the vectors read from the store and quantized) took {Format.Milliseconds(first)}, {Format.Milliseconds(run.Metric("first.cpu.ms"))} of CPU");
                row.Details.Add($"recall@10 over 50 queries against an exact float search of every stored vector: {recall:0.000}");
                row.Details.Add($"peak RSS of the search (the vector index's searches, before the local model loads): {Format.Mebibytes((long)searchRss)}; with the model loaded for the mode queries: {Format.Mebibytes(run.PeakRssBytes)} (the store is built in a child of its own)");
                row.Details.Add($"Search-CarbonChunk with 3-word queries, p50: Keyword {Format.Milliseconds(keyword)}, Vector {Format.Milliseconds(vector)}, Hybrid {Format.Milliseconds(hybrid)} (Vector and Hybrid include embedding the query)");
                row.Details.Add($"filtered to 100 files (their 10,000 vectors read from SQLite): p50 {Format.Milliseconds(run.Metric("filtered.p50"))}; filtered to the data source that holds every chunk (the in-memory copy scanned among the chunks that pass): p50 {Format.Milliseconds(run.Metric("filtered.all.p50"))}");
                context.Rows.Add(row);
            }
        }
    }
}
