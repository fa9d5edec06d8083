using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using CarbonSpaces.Benchmarks.Cases;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Reference;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Text;

namespace CarbonSpaces.Benchmarks
{
    /// <summary>Everything the cases share in one run: the server's users, the runners, and what earlier cases left for later ones.</summary>
    internal sealed class BenchContext
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();

        public BenchContext(BenchOptions options, S3Account items, S3Account files, S3Account warm)
        {
            Options = options;
            Items = items;
            Files = files;
            Warm = warm;
            Directory.CreateDirectory(options.WorkDirectory);
            Children = new ChildRunner(Path.Combine(options.WorkDirectory, "children"), options.ProfileDirectory);
            Rclone = new RcloneRunner(Path.Combine(options.WorkDirectory, "rclone"));
            Far = new FarEndpoint(options, items, files);
            Text = new NaturalTextGenerator(ZipfVocabulary.Create());
            Corpus = new Corpus(Text);
            Cold = new ColdRunner(Path.Combine(options.WorkDirectory, "cold"));
            Postgres = PostgresServer.FromEnvironment();
        }

        public BenchOptions Options { get; }

        /// <summary>Owns the P1/P2 buckets.</summary>
        public S3Account Items { get; }

        /// <summary>Owns the P3 buckets only, so P4's auto-sync lists just the file corpus.</summary>
        public S3Account Files { get; }

        /// <summary>Other keys of <see cref="Files"/>' user, each another data source to the engine (P3a-scale's processes).</summary>
        public List<S3Account> FilesKeys { get; } = new List<S3Account>();

        /// <summary>Owns the warm-up bucket only.</summary>
        public S3Account Warm { get; }

        /// <summary>The far endpoint's proxy and accounts, for the far cases (P1r …).</summary>
        public FarEndpoint Far { get; }

        public ChildRunner Children { get; }

        /// <summary>The PostgreSQL server tools/bench.sh started for the PostgreSQL cases (P3a-pg, P3a-scale), if any.</summary>
        public PostgresServer? Postgres { get; }

        /// <summary>The PostgreSQL server, for a case that cannot run without one.</summary>
        public PostgresServer RequirePostgres() => Postgres
            ?? throw new InvalidOperationException($"{PostgresServer.UriVariable} is not set: run the benchmark with tools/bench.sh, which starts a PostgreSQL server.");

        public RcloneRunner Rclone { get; }

        /// <summary>Runs a cmdlet as the first work of a new PowerShell process (the cold columns).</summary>
        public ColdRunner Cold { get; }

        public NaturalTextGenerator Text { get; }

        public Corpus Corpus { get; }

        public List<ResultRow> Rows { get; } = new List<ResultRow>();

        public List<string> Notes { get; } = new List<string>();

        /// <summary>P1's stores by object count, one per repetition, for P2 (and P4's yardstick) to re-sync.</summary>
        public Dictionary<int, List<string>> ItemStores { get; } = new Dictionary<int, List<string>>();

        /// <summary>P1r's stores (synced through the far endpoint), one per repetition, for P2r.</summary>
        public List<string> FarItemStores { get; } = new List<string>();

        /// <summary>The last store P3a-r built through the far endpoint, for P4r.</summary>
        public string? FarFilesStore { get; set; }

        /// <summary>P5's store, when its build was started while the server was seeded.</summary>
        public P5KeywordSearchCase.SearchStore? SearchStore { get; set; }

        /// <summary>The last store P3a / P3b built, for P4.</summary>
        public string? SmallFilesStore { get; set; }

        /// <summary>A store holding both P3 corpora (P3b's last run synced into a copy of P3a's store), for P4.</summary>
        public string? CorpusStore { get; set; }

        public string StorePath(string name)
        {
            var directory = Path.Combine(Options.WorkDirectory, "stores");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, name + ".db");
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }

            return path;
        }

        public ChildRequest Request(string work, S3Account account, string? bucket, string storePath) => new ChildRequest
        {
            Work = work,
            Account = account,
            WarmAccount = Warm,
            WarmBucket = Corpus.WarmBucket,
            Bucket = bucket,
            StorePath = storePath,
            Throttle = Options.Throttle,
        };

        public void Log(string message) => Console.WriteLine($"[{_clock.Elapsed:mm\\:ss}] {message}");
    }
}
