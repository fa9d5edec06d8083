using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Work;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage.Copy;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P9-pg: P9's vector search on a PostgreSQL store (issue 24): P9's 100,000-chunk store built in SQLite, copied whole
    /// into a new database on the benchmark's own server with Copy-CarbonStore's engine call (pgvector's HNSW index
    /// built as the rows go in; not measured), then P9's searches through the store's own index, recall@10 against
    /// an exact search of the SQLite original (the copy keeps every id). Target: P9's at 100,000, p50 ≤ 20 ms,
    /// p99 ≤ 100 ms, first query ≤ 1 s. The million-chunk size is left out: building its HNSW index on the benchmark's
    /// shared cores would take longer than the rest of the run.
    /// </summary>
    internal sealed class P9PostgresVectorSearchCase : IBenchCase
    {
        private const long Chunks = 100_000;

        public string Id => "P9-pg";

        public async Task RunAsync(BenchContext context)
        {
            var postgres = context.RequirePostgres();
            var sqliteStore = context.StorePath("p9-pg-source");
            var build = context.Request(VectorStoreWork.Name, context.Files, null, sqliteStore);
            build.Count = Chunks;
            build.SkipWarmUp = true;
            await context.Children.RunAsync(build, "p9-pg-build").ConfigureAwait(false);

            var store = postgres.CreateDatabase("p9_pg");
            try
            {
                var copy = StoreCopy.Run(sqliteStore, store, null, SilentReporter.Instance, CancellationToken.None);
                context.Log($"P9-pg store: {copy.Rows["chunk_vectors"]:N0} vectors copied from a P9 store in {Format.Seconds(copy.Duration.TotalSeconds)} (the HNSW index built meanwhile)");

                var request = context.Request(VectorSearchWork.Name, context.Files, null, store);
                request.SourceStorePath = sqliteStore;
                request.Count = Chunks;
                request.SkipWarmUp = true;
                var run = await context.Children.RunAsync(request, "p9-pg").ConfigureAwait(false);

                double p50 = run.Metric("warm.p50"), p99 = run.Metric("warm.p99"), first = run.Metric("first.ms"), recall = run.Metric("recall10");
                double keyword = run.Metric("Keyword.p50"), vector = run.Metric("Vector.p50"), hybrid = run.Metric("Hybrid.p50");
                var row = new ResultRow
                {
                    Case = "P9-pg vector search, PostgreSQL",
                    Data = $"{Format.Count(run.Metric("chunks"))} chunks × 384 dimensions, pgvector HNSW (cosine)",
                    CarbonSpaces = $"p50 {Format.Milliseconds(p50)}, p99 {Format.Milliseconds(p99)}; first query {Format.Milliseconds(first)}; recall@10 {recall:0.000}",
                    Target = "p50 ≤ 20 ms, p99 ≤ 100 ms, first ≤ 1 s",
                    Met = p50 <= 20 && p99 <= 100 && first <= 1000,
                    PeakRss = Format.Mebibytes(run.PeakRssBytes),
                    Requests = "none (local)",
                };
                row.Details.Add($"copied from a SQLite P9 store in {Format.Seconds(copy.Duration.TotalSeconds)}, the HNSW index built as the rows went in; recall@10 over 50 queries against an exact float search of the SQLite original");
                row.Details.Add($"Search-CarbonChunk with 3-word queries, p50: Keyword {Format.Milliseconds(keyword)}, Vector {Format.Milliseconds(vector)}, Hybrid {Format.Milliseconds(hybrid)} (Vector and Hybrid include embedding the query)");
                row.Details.Add($"filtered to 100 files: p50 {Format.Milliseconds(run.Metric("filtered.p50"))}; filtered to the data source that holds every chunk: p50 {Format.Milliseconds(run.Metric("filtered.all.p50"))}");
                context.Rows.Add(row);
            }
            finally
            {
                postgres.DropDatabases();
                context.StorePath("p9-pg-source"); // deletes the SQLite original: only its figures were wanted
            }
        }
    }
}
