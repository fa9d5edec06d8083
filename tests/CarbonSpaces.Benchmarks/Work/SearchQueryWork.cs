using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Reference;
using CarbonSpaces.Engine;
using CarbonSpaces.Engine.Search;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P5, the Search-CarbonChunk path: ChunkSearch.Search with -Top 10 for each query of the
    /// queries file (lines "set&lt;TAB&gt;text"; set "warm" is run first, untimed). Then the store is
    /// dropped from the OS page cache for a few cold queries, and read into it again, as a store in
    /// use is, for the timed sets. Each set gets its own latency percentiles; a set stops early when
    /// it has used its time budget.
    /// </summary>
    internal sealed class SearchQueryWork : IWork
    {
        public const string Name = "search-query";
        public const string WarmSet = "warm";
        public const string ContentSet = "content";
        public const int VariantQueries = 50;

        /// <summary>Content queries timed with the store just evicted from the OS page cache, before it is read in for the timed sets.</summary>
        private const int ColdQueries = 20;
        private static readonly TimeSpan BudgetPerSet = TimeSpan.FromSeconds(60);
        private static readonly TimeSpan BudgetPerVariant = TimeSpan.FromSeconds(15);

        public Task WarmUpAsync(ChildRequest request) => Task.CompletedTask;

        public Task RunAsync(ChildRequest request, ChildResult result)
        {
            var queries = File.ReadAllLines(request.QueriesPath!)
                .Select(l => l.Split('\t', 2))
                .Where(p => p.Length == 2)
                .Select(p => (Set: p[0], Text: p[1]))
                .ToList();

            using var engine = CarbonEngine.Open(request.StorePath);
            foreach (var (_, text) in queries.Where(q => q.Set == WarmSet))
            {
                engine.Search.Search(new SearchQuery { Text = text, Top = 10 });
            }

            // A PostgreSQL store (P5-pg) keeps its pages in the server's buffers: no file to drop or read in here.
            var onServer = PostgresServer.IsStore(request.StorePath);
            var storeFiles = onServer ? Array.Empty<string>() : new[] { request.StorePath, request.StorePath + "-wal" };
            if (!onServer && PageCache.Evict(storeFiles))
            {
                var cold = queries.Where(q => q.Set == ContentSet).Take(ColdQueries).Select(q => Timed(engine, q.Text)).ToList();
                result.Metrics["cold.queries"] = cold.Count;
                result.Metrics["cold.p50"] = Stats.Percentile(cold, 50);
                result.Metrics["cold.max"] = cold.Max();
            }

            var loading = Stopwatch.StartNew();
            result.Metrics["cacheLoadBytes"] = PageCache.Load(storeFiles);
            result.Metrics["cacheLoadSeconds"] = loading.Elapsed.TotalSeconds;

            result.Begin();
            foreach (var set in queries.Where(q => q.Set != WarmSet).GroupBy(q => q.Set))
            {
                var latencies = new List<double>();
                long hits = 0;
                var budget = Stopwatch.StartNew();
                foreach (var (_, text) in set)
                {
                    var clock = Stopwatch.StartNew();
                    hits += engine.Search.Search(new SearchQuery { Text = text, Top = 10 }).Count;
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                    if (budget.Elapsed > BudgetPerSet)
                    {
                        break;
                    }
                }

                result.Metrics[set.Key + ".queries"] = latencies.Count;
                result.Metrics[set.Key + ".p50"] = Stats.Percentile(latencies, 50);
                result.Metrics[set.Key + ".p95"] = Stats.Percentile(latencies, 95);
                result.Metrics[set.Key + ".p99"] = Stats.Percentile(latencies, 99);
                result.Metrics[set.Key + ".max"] = latencies.Max();
                result.Metrics[set.Key + ".meanHits"] = (double)hits / Math.Max(1, latencies.Count);
                if (result.Samples.Count == 0)
                {
                    result.Samples = latencies;
                }
            }

            result.End();

            if (onServer)
            {
                return Task.CompletedTask;
            }

            // What bounds it: the same queries (the first of each set) run other ways, on the same store (SQLite's).
            using var variants = new SearchVariants(request.StorePath);
            foreach (var set in queries.Where(q => q.Set != WarmSet).GroupBy(q => q.Set))
            {
                foreach (var (name, run) in variants.All)
                {
                    var latencies = new List<double>();
                    long rows = 0;
                    var budget = Stopwatch.StartNew();
                    foreach (var (_, text) in set.Take(VariantQueries))
                    {
                        var clock = Stopwatch.StartNew();
                        rows += run(text, 10);
                        latencies.Add(clock.Elapsed.TotalMilliseconds);
                        if (budget.Elapsed > BudgetPerVariant)
                        {
                            break;
                        }
                    }

                    var key = $"{set.Key}.{name}";
                    result.Metrics[key + ".queries"] = latencies.Count;
                    result.Metrics[key + ".p50"] = Stats.Percentile(latencies, 50);
                    result.Metrics[key + ".p99"] = Stats.Percentile(latencies, 99);
                    result.Metrics[key + ".meanRows"] = (double)rows / Math.Max(1, latencies.Count);
                }
            }

            return Task.CompletedTask;
        }

        private static double Timed(CarbonEngine engine, string text)
        {
            var clock = Stopwatch.StartNew();
            engine.Search.Search(new SearchQuery { Text = text, Top = 10 });
            return clock.Elapsed.TotalMilliseconds;
        }
    }
}
