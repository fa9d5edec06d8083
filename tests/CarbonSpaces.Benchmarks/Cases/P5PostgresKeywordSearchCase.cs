using System;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Work;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage.Copy;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P5-pg: P5's keyword search on a PostgreSQL store (issue 24): P5's SQLite store, copied whole into a new database
    /// on the benchmark's own server with Copy-CarbonStore's engine call (not measured), then the same queries through
    /// ChunkSearch.Search, -Top 10, in a child. Target: P5's, p50 ≤ 20 ms, p99 ≤ 200 ms.
    /// </summary>
    internal sealed class P5PostgresKeywordSearchCase : IBenchCase
    {
        public string Id => "P5-pg";

        public async Task RunAsync(BenchContext context)
        {
            var postgres = context.RequirePostgres();
            context.SearchStore ??= P5KeywordSearchCase.StartBuilding(context);
            var (sqliteStore, building) = context.SearchStore;
            await building.ConfigureAwait(false);

            var store = postgres.CreateDatabase("p5_pg");
            try
            {
                var copy = StoreCopy.Run(sqliteStore, store, null, SilentReporter.Instance, CancellationToken.None);
                context.Log($"P5-pg store: {copy.Rows["chunks"]:N0} chunks copied from P5's store in {Format.Seconds(copy.Duration.TotalSeconds)} (the keyword index built by PostgreSQL meanwhile)");

                var queries = await P5KeywordSearchCase.RunQueriesAsync(context, store, "p5-pg").ConfigureAwait(false);
                foreach (var (set, label) in P5KeywordSearchCase.QuerySets)
                {
                    var row = P5KeywordSearchCase.Row($"P5-pg keyword search, PostgreSQL ({label})", $"{Format.Count(copy.Rows["chunks"])} chunks (P5's, copied)", queries, set);
                    row.Details.Add($"p95 {Format.Milliseconds(queries.Metric(set + ".p95"))}, max {Format.Milliseconds(queries.Metric(set + ".max"))}, mean hits returned {Format.Number(queries.Metric(set + ".meanHits"), "0.0")}; the client's CPU {Format.Seconds(queries.CpuSeconds)}, the PostgreSQL server's {Format.Seconds(queries.PostgresCpuSeconds)} over the timed sets");
                    context.Rows.Add(row);
                }
            }
            finally
            {
                postgres.DropDatabases();
            }
        }
    }
}
