using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P3a-pg: P3a's file sync (the small files, throttle 16, without embeddings) into a PostgreSQL store, beside
    /// the same sync into a SQLite store in the same run (issue 24). Each run gets a new empty database on the
    /// benchmark's own server, which shares the cores with the S3 server and the sync. Target: ≤ 1.3 × SQLite.
    /// </summary>
    internal sealed class P3PostgresCase : IBenchCase
    {
        public const double Target = 1.3;

        public string Id => "P3a-pg";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var postgres = context.RequirePostgres();
            var onPostgres = new List<ChildResult>();
            var onSqlite = new List<ChildResult>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                // Which goes first alternates: whatever the first leaves behind (a warm page cache, the server's buffers) favours neither every time.
                var order = rep % 2 == 1 ? new[] { false, true } : new[] { true, false };
                foreach (var usePostgres in order)
                {
                    if (usePostgres)
                    {
                        var store = postgres.CreateDatabase($"p3a_pg_{rep}");
                        try
                        {
                            onPostgres.Add(await context.Children.RunAsync(context.Request(FileSyncWork.Name, context.Files, Corpus.SmallFilesBucket, store), "p3a-pg").ConfigureAwait(false));
                        }
                        finally
                        {
                            postgres.DropDatabases();
                        }
                    }
                    else
                    {
                        var store = context.StorePath($"p3a-pg-sqlite-{rep}");
                        onSqlite.Add(await context.Children.RunAsync(context.Request(FileSyncWork.Name, context.Files, Corpus.SmallFilesBucket, store), "p3a-pg-sqlite").ConfigureAwait(false));
                        context.StorePath($"p3a-pg-sqlite-{rep}"); // deletes the store: only its figures were wanted
                    }
                }

                context.Log($"P3a-pg rep {rep}: PostgreSQL {Describe(onPostgres[^1])}; SQLite {Describe(onSqlite[^1])}");
            }

            var postgresMedian = Stats.Median(onPostgres.Select(r => r.Seconds).ToList());
            var sqliteMedian = Stats.Median(onSqlite.Select(r => r.Seconds).ToList());
            var ratio = postgresMedian / sqliteMedian;
            var allReady = onPostgres.Concat(onSqlite).All(r => r.Metric("failed") == 0 && r.Metric("ready") == options.SmallFiles);
            var row = new ResultRow
            {
                Case = "P3a-pg file sync, small files, PostgreSQL",
                Data = $"{Format.Count(options.SmallFiles)} × ~4 KiB text files (P3a's bucket); a new database each run, on the same cores",
                CarbonSpaces = Format.Seconds(postgresMedian),
                Reference = $"the same sync into SQLite {Format.Seconds(sqliteMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = $"≤ {Target:0.0} × SQLite",
                Met = ratio <= Target && allReady,
                PeakRss = Format.Mebibytes(onPostgres.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(onPostgres[0].Requests, "ListObjectsV2", "GetObject"),
            };
            row.Details.Add($"PostgreSQL runs: {Format.Times(onPostgres.Select(r => r.Seconds))} (client {Format.Cpu(onPostgres.Select(r => r.CpuSeconds))}, PostgreSQL server CPU {Format.Times(onPostgres.Select(r => r.PostgresCpuSeconds))}); {Format.Count(onPostgres[0].Metric("chunks"))} chunks, database {Format.Mebibytes((long)onPostgres[0].Metric("storeBytes"))}; peak RSS {Format.Mebibytes(onPostgres.Max(r => r.PeakRssBytes))}");
            row.Details.Add($"SQLite runs: {Format.Times(onSqlite.Select(r => r.Seconds))} ({Format.Cpu(onSqlite.Select(r => r.CpuSeconds))}); {Format.Count(onSqlite[0].Metric("chunks"))} chunks, store {Format.Mebibytes((long)onSqlite[0].Metric("storeBytes"))}; peak RSS {Format.Mebibytes(onSqlite.Max(r => r.PeakRssBytes))}");
            row.Details.Add($"first and last GET into each run: PostgreSQL {Format.Times(onPostgres.Select(r => r.Metric("firstGetSeconds")))} / {Format.Times(onPostgres.Select(r => r.Metric("lastGetSeconds")))}; SQLite {Format.Times(onSqlite.Select(r => r.Metric("firstGetSeconds")))} / {Format.Times(onSqlite.Select(r => r.Metric("lastGetSeconds")))}");
            row.Details.Add($"the JIT compiler in the measured runs: PostgreSQL {Format.Jit(onPostgres)}; SQLite {Format.Jit(onSqlite)}");
            row.Details.Add(Floors(onPostgres, onSqlite));
            context.Rows.Add(row);
        }

        private static string Describe(ChildResult run) =>
            $"{Format.Seconds(run.Seconds)} ({run.Metric("ready"):N0} ready, {run.Metric("failed"):N0} failed, client CPU {Format.Seconds(run.CpuSeconds)}, PostgreSQL CPU {Format.Seconds(run.PostgresCpuSeconds)}, S3 server CPU {Format.Seconds(run.ServerCpuSeconds)})";

        /// <summary>
        /// Everything that ran for a sync shares the cores: the client, the S3 server and, for PostgreSQL, the database
        /// server. Their CPU together over the cores is the shortest a run could take here, and says which side grew.
        /// </summary>
        private static string Floors(IReadOnlyList<ChildResult> onPostgres, IReadOnlyList<ChildResult> onSqlite)
        {
            var cores = Environment.ProcessorCount;
            var postgresClient = Stats.Median(onPostgres.Select(r => r.CpuSeconds));
            var postgresServer = Stats.Median(onPostgres.Select(r => r.PostgresCpuSeconds));
            var postgresS3 = Stats.Median(onPostgres.Select(r => r.ServerCpuSeconds));
            var sqliteClient = Stats.Median(onSqlite.Select(r => r.CpuSeconds));
            var sqliteS3 = Stats.Median(onSqlite.Select(r => r.ServerCpuSeconds));
            return $"CPU by side (medians): PostgreSQL runs: client {Format.Seconds(postgresClient)} + PostgreSQL server {Format.Seconds(postgresServer)} + S3 server {Format.Seconds(postgresS3)}, over {cores} cores a floor of {Format.Seconds((postgresClient + postgresServer + postgresS3) / cores)}; "
                + $"SQLite runs: client {Format.Seconds(sqliteClient)} + S3 server {Format.Seconds(sqliteS3)}, a floor of {Format.Seconds((sqliteClient + sqliteS3) / cores)}";
        }
    }
}
