using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Text;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P5: Search-CarbonChunk (ChunkSearch.Search, -Top 10) over a store of ≥ 1,000,000 chunks of
    /// Zipf text, with 2–3-word queries drawn from the same Zipf vocabulary: one set of content words
    /// (the ~100 function words left out, as people type queries) and one of any words (stop words
    /// included, the worst case for an OR query ranked by BM25). Target: p50 ≤ 20 ms, p99 ≤ 200 ms.
    /// </summary>
    internal sealed class P5KeywordSearchCase : IBenchCase
    {
        public const int FunctionWordRanks = 100;

        public string Id => "P5";

        /// <summary>
        /// Starts building the store the queries run on (not measured). The run starts it while the
        /// S3 server is being seeded: the build is the client's CPU, seeding mostly the server's, and
        /// neither is timed against a target.
        /// </summary>
        public static SearchStore StartBuilding(BenchContext context)
        {
            var store = context.StorePath("p5");
            var buildRequest = context.Request(SearchBuildWork.Name, context.Files, null, store);
            buildRequest.Count = context.Options.SearchChunks;
            buildRequest.SkipWarmUp = true;
            return new SearchStore(store, context.Children.RunAsync(buildRequest, "p5-build"));
        }

        public async Task RunAsync(BenchContext context)
        {
            var (store, building) = context.SearchStore ?? StartBuilding(context);
            var build = await building.ConfigureAwait(false);
            context.Log($"P5 store: {build.Metric("chunks"):N0} chunks in {build.Metric("files"):N0} files, {build.Metric("characters") / 1e6:N0} M characters, {Format.Mebibytes((long)build.Metric("storeBytes"))}, built in {Format.Seconds(build.Seconds)}");

            var queries = await RunQueriesAsync(context, store, "p5").ConfigureAwait(false);
            foreach (var (set, label) in QuerySets)
            {
                var row = Row($"P5 keyword search ({label})", $"{Format.Count(build.Metric("chunks"))} chunks (~{SearchBuildWork.WordsPerChunk} words each)", queries, set);
                row.Details.Add($"p95 {Format.Milliseconds(queries.Metric(set + ".p95"))}, max {Format.Milliseconds(queries.Metric(set + ".max"))}, mean hits returned {Format.Number(queries.Metric(set + ".meanHits"), "0.0")}");
                row.Details.Add($"the OR query matches {Format.Count(queries.Metric(set + ".matches.meanRows"))} chunks on average (all scored by BM25 and, in the engine's query, joined to chunks and files before the sort)");
                foreach (var (variant, description) in Reference.SearchVariants.Shown)
                {
                    row.Details.Add($"variant {variant} ({description}): p50 {Format.Milliseconds(queries.Metric($"{set}.{variant}.p50"))}, p99 {Format.Milliseconds(queries.Metric($"{set}.{variant}.p99"))} over the first {Format.Count(queries.Metric($"{set}.{variant}.queries"))} queries");
                }
                context.Rows.Add(row);
            }

            var details = context.Rows.First(r => r.Case.StartsWith("P5", StringComparison.Ordinal)).Details;
            details.Add($"store built straight through SQLite into the engine's schema (triggers fill chunks_fts) in {Format.Seconds(build.Seconds)}{(context.SearchStore != null ? ", while the S3 server was being seeded on the same cores" : string.Empty)}: {Format.Count(build.Metric("chunks") / build.Seconds)} chunks/s; {Format.Mebibytes((long)build.Metric("storeBytes"))}");
            var cached = $"the store was read into the OS page cache ({Format.Mebibytes((long)queries.Metric("cacheLoadBytes"))} in {Format.Seconds(queries.Metric("cacheLoadSeconds"))}) before the timed queries, as a store in use is";
            details.Add(double.IsNaN(queries.Metric("cold.p50"))
                ? $"{cached}; the OS did not let the store be dropped from the cache, so there are no cold figures"
                : $"cold, as after a reboot: the first {Format.Count(queries.Metric("cold.queries"))} content queries with the store just dropped from the OS page cache took p50 {Format.Milliseconds(queries.Metric("cold.p50"))}, max {Format.Milliseconds(queries.Metric("cold.max"))}; then {cached}");
        }

        /// <summary>The query sets timed, and how the rows name them.</summary>
        internal static readonly (string Set, string Label)[] QuerySets = { (SearchQueryWork.ContentSet, "2–3 content words"), ("any", "2–3 words incl. stop words") };

        /// <summary>P5's queries over a store (P5's, or its copy in PostgreSQL for P5-pg), in a child named after <paramref name="name"/>.</summary>
        internal static Task<ChildResult> RunQueriesAsync(BenchContext context, string store, string name)
        {
            var queriesPath = Path.Combine(context.Options.WorkDirectory, name + "-queries.tsv");
            WriteQueries(queriesPath, context.Text.Vocabulary, context.Options.QueriesPerSet);
            var queryRequest = context.Request(SearchQueryWork.Name, context.Files, null, store);
            queryRequest.QueriesPath = queriesPath;
            queryRequest.SkipWarmUp = true;
            return context.Children.RunAsync(queryRequest, name + "-query");
        }

        /// <summary>One query set's row against P5's target.</summary>
        internal static ResultRow Row(string caseName, string data, ChildResult queries, string set)
        {
            var p50 = queries.Metric(set + ".p50");
            var p99 = queries.Metric(set + ".p99");
            return new ResultRow
            {
                Case = caseName,
                Data = $"{data}, {Format.Count(queries.Metric(set + ".queries"))} queries",
                CarbonSpaces = $"p50 {Format.Milliseconds(p50)}, p99 {Format.Milliseconds(p99)}",
                Target = "p50 ≤ 20 ms, p99 ≤ 200 ms",
                Met = p50 <= 20 && p99 <= 200,
                PeakRss = Format.Mebibytes(queries.PeakRssBytes),
                Requests = "none (local)",
            };
        }

        /// <summary>P5's store: where it is, and its build (a child; the store is ready when it ends).</summary>
        internal sealed record SearchStore(string Path, Task<ChildResult> Build);

        /// <summary>Queries of 2–3 words: a warm-up set, content words (ranks ≥ 100), and any words.</summary>
        private static void WriteQueries(string path, ZipfVocabulary vocabulary, int perSet)
        {
            var random = new Random(77);
            var lines = new StringBuilder();
            void Add(string set, int count, int minRank)
            {
                for (var i = 0; i < count; i++)
                {
                    var words = Enumerable.Range(0, 2 + random.Next(2)).Select(_ => vocabulary.Word(vocabulary.SampleRank(random, minRank)));
                    lines.Append(set).Append('\t').AppendJoin(' ', words).Append('\n');
                }
            }

            Add(SearchQueryWork.WarmSet, 20, FunctionWordRanks);
            Add(SearchQueryWork.ContentSet, perSet, FunctionWordRanks);
            Add("any", perSet, 0);
            File.WriteAllText(path, lines.ToString());
        }
    }
}
