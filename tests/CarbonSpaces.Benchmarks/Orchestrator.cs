using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Cases;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;

namespace CarbonSpaces.Benchmarks
{
    /// <summary>
    /// The run: users and buckets on the RGW that tools/bench.sh started (S3_ENDPOINT, CEPH_CONF),
    /// seeding, the cases in order (P2 re-syncs P1's stores, P4 the P3 corpus), then the table.
    /// </summary>
    internal static class Orchestrator
    {
        /// <summary>Objects in the warm-up bucket: enough that each child's warm-up passes make the per-object paths hot.</summary>
        private const int WarmObjects = 60;

        public static async Task<int> RunAsync(BenchOptions options)
        {
            var clock = Stopwatch.StartNew();
            var loadAtStart = MachineInfo.LoadAverage();
            var endpoint = Environment.GetEnvironmentVariable("S3_ENDPOINT");
            var cephConf = Environment.GetEnvironmentVariable("CEPH_CONF");
            if (string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(cephConf))
            {
                Console.Error.WriteLine("S3_ENDPOINT and CEPH_CONF are not set: run the benchmark with tools/bench.sh, which starts its own RGW.");
                return 2;
            }

            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            var context = new BenchContext(
                options,
                RgwUsers.Create(cephConf, endpoint, "bench-items"),
                RgwUsers.Create(cephConf, endpoint, "bench-files"),
                RgwUsers.Create(cephConf, endpoint, "bench-warm"));
            if (options.Runs("P3a-scale"))
            {
                context.FilesKeys.AddRange(Enumerable.Range(1, Corpus.ScaleOutParts).Select(n => RgwUsers.AddKey(cephConf, endpoint, "bench-files", n)));
            }

            context.Log($"{(options.Quick ? "quick" : "full")} run against {endpoint}: P1/P2 {options.SmallScale:N0} and {options.Scale:N0} objects, P3a {options.SmallFiles:N0} files, P3b {options.LargeFiles} × {options.LargeFileMebibytes} MiB, P5 {options.SearchChunks:N0} chunks, {options.Repetitions} repetition(s); cases {string.Join(",", BenchOptions.AllCases.Where(options.Runs))}");

            if (MachineInfo.Busy())
            {
                context.Log($"WARNING: the machine is busy (load average {loadAtStart}) - other work competes for the cores and slows both sides unevenly.");
            }

            var seeding = new List<string>();
            if ((options.Runs("P5") || options.Runs("P5-pg")) && !options.SeedOnly)
            {
                context.SearchStore = P5KeywordSearchCase.StartBuilding(context);
                seeding.Add("P5's store was built meanwhile, on the same cores: these rates are lower than the server's alone");
            }

            await SeedAsync(context, seeding).ConfigureAwait(false);
            if (options.SeedOnly)
            {
                return 0;
            }

            if (context.SearchStore != null)
            {
                // Nothing is measured until the build is over; a failed build is P5's failure, reported there.
                context.Log("waiting for P5's store to be built");
                await Task.WhenAny(context.SearchStore.Build).ConfigureAwait(false);
            }

            var cases = new IBenchCase[] { new P1ItemsSyncCase(), new P2ItemsResyncCase(), new P3FileSyncCase(large: false), new P3FileSyncCase(large: true), new P4ResyncCase(), new P5KeywordSearchCase(), new P5PostgresKeywordSearchCase(), new P6PdfTextCase(), new P7OcrCase(), new P8EmbeddingCase(), new P9VectorSearchCase(), new P9PostgresVectorSearchCase(),
                new P3PostgresCase(), new P3ScaleOutCase(), new FarItemsSyncCase(), new FarItemsResyncCase(), new FarFileSyncCase(), new FarResyncCase() };
            using var far = context.Far;
            var failures = 0;
            foreach (var benchCase in cases.Where(c => options.Runs(c.Id)))
            {
                context.Log($"== {benchCase.Id}");
                try
                {
                    await benchCase.RunAsync(context).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failures++;
                    context.Log($"{benchCase.Id} FAILED: {ex.Message}");
                    context.Rows.Add(new ResultRow { Case = benchCase.Id, Data = "failed", CarbonSpaces = Trim(ex.Message), Met = false });
                }
            }

            var stamp = DateTime.Now.ToString("yyyy-MM-dd-HHmm", CultureInfo.InvariantCulture) + (options.Quick ? "-quick" : string.Empty);
            var title = $"CarbonSpaces benchmark, {DateTime.Now:yyyy-MM-dd HH:mm} ({(options.Quick ? "quick" : "full")})";
            var document = MarkdownReport.Document(title, options, clock.Elapsed, context.Rows, context.Notes, MachineInfo.Describe(loadAtStart), seeding);
            Directory.CreateDirectory(options.ResultsDirectory);
            var path = Path.Combine(options.ResultsDirectory, stamp + ".md");
            File.WriteAllText(path, document);
            if (options.IsFullRun && failures == 0)
            {
                File.WriteAllText(Path.Combine(options.ResultsDirectory, "latest.md"), document);
            }

            Console.WriteLine();
            Console.WriteLine(MarkdownReport.Table(context.Rows));
            Console.WriteLine($"Written to {path}{(options.IsFullRun && failures == 0 ? " and latest.md" : string.Empty)} in {clock.Elapsed.TotalMinutes:0.0} min.");
            return failures == 0 ? 0 : 1;
        }

        private static async Task SeedAsync(BenchContext context, List<string> seeding)
        {
            var options = context.Options;
            void Log(string line)
            {
                context.Log(line);
                if (line.StartsWith("  seeded", StringComparison.Ordinal))
                {
                    seeding.Add(line.Trim());
                }
            }

            context.Log("== seeding");
            using (var warm = context.Warm.EngineClient())
            {
                await Corpus.SeedAsync(warm, Corpus.WarmBucket, WarmObjects, context.Corpus.WarmObject, Log).ConfigureAwait(false);
            }

            using (var items = context.Items.EngineClient())
            {
                // P4's yardstick is P2 at the small scale.
                if (options.Runs("P1") || options.Runs("P2") || options.Runs("P4"))
                {
                    await Corpus.SeedAsync(items, Corpus.ItemsSmallBucket, options.SmallScale, context.Corpus.ItemObject, Log).ConfigureAwait(false);
                }

                if (options.Runs("P1") || options.Runs("P2") || options.Runs("P1r") || options.Runs("P2r"))
                {
                    await Corpus.SeedAsync(items, Corpus.ItemsBucket, options.Scale, context.Corpus.ItemObject, Log).ConfigureAwait(false);
                }

                if (options.Runs("P4r"))
                {
                    await Corpus.SeedAsync(items, Corpus.FarTextBucket, options.Scale, context.Corpus.TextItemObject, Log).ConfigureAwait(false);
                }
            }

            using var files = context.Files.EngineClient();
            if (options.Runs("P3a") || options.Runs("P4") || options.Runs("P3a-r") || options.Runs("P4r") || options.Runs("P3a-pg"))
            {
                await Corpus.SeedAsync(files, Corpus.SmallFilesBucket, options.SmallFiles, context.Corpus.SmallFile, Log).ConfigureAwait(false);
            }

            if (options.Runs("P3a-scale"))
            {
                var perPart = options.SmallFiles / Corpus.ScaleOutParts;
                for (var part = 0; part < Corpus.ScaleOutParts; part++)
                {
                    var first = part * perPart;
                    await Corpus.SeedAsync(files, Corpus.SmallFilesPartBucket(part), perPart, i => context.Corpus.SmallFile(first + i), Log).ConfigureAwait(false);
                }
            }

            if (options.Runs("P3b") || options.Runs("P4"))
            {
                await Corpus.SeedAsync(files, Corpus.LargeFilesBucket, options.LargeFiles, i => context.Corpus.LargeFile(i, options.LargeFileMebibytes), Log, parallelism: 4).ConfigureAwait(false);
            }
        }

        private static string Trim(string message)
        {
            var line = message.Split('\n')[0].Replace('|', '/');
            return line.Length > 200 ? line.Substring(0, 200) + "…" : line;
        }
    }
}
