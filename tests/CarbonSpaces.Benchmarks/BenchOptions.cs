using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace CarbonSpaces.Benchmarks
{
    /// <summary>The run's knobs: `[--quick] [--scale N] [--reps N] [--cases P1,P3a,…] [--far-ms N] [--far-mbps N] [--profile DIR] [--work DIR] [--results DIR]`.</summary>
    internal sealed class BenchOptions
    {
        public static readonly string[] AllCases = { "P1", "P2", "P3a", "P3b", "P4", "P5", "P6", "P7", "P8", "P9", "P3a-pg", "P3a-scale", "P5-pg", "P9-pg", "P1r", "P2r", "P3a-r", "P4r" };

        public bool Quick { get; private set; }

        /// <summary>P1/P2 objects in the main bucket (the small bucket holds a tenth, for the memory-flatness check).</summary>
        public int Scale { get; private set; } = 100_000;

        public bool ScaleGiven { get; private set; }

        public int Repetitions { get; private set; } = 3;

        public HashSet<string> Cases { get; private set; } = new HashSet<string>(AllCases, StringComparer.OrdinalIgnoreCase);

        public int SmallFiles { get; private set; } = 10_000;

        public int LargeFiles { get; private set; } = 20;

        public int LargeFileMebibytes { get; private set; } = 20;

        public int Throttle { get; private set; } = 16;

        public long SearchChunks { get; private set; } = 1_000_000;

        public int QueriesPerSet { get; private set; } = 200;

        /// <summary>P8: chunks of ~300 tokens embedded with the local model.</summary>
        public int EmbedChunks { get; private set; } = 2_000;

        /// <summary>P9: the store sizes vector search is timed on (the full run adds 1,000,000).</summary>
        public long[] VectorChunks { get; private set; } = { 100_000, 1_000_000 };

        /// <summary>The far cases (P1r …): the round trip the benchmark's proxy adds to every request.</summary>
        public int FarMilliseconds { get; private set; } = 40;

        /// <summary>The far cases: the proxy's bandwidth per direction in bytes per second (0: not capped).</summary>
        public long FarBytesPerSecond { get; private set; }

        public string? ProfileDirectory { get; private set; }

        /// <summary>Seed the buckets the chosen cases need, then stop (to time or inspect seeding).</summary>
        public bool SeedOnly { get; private set; }

        public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "carbonspaces-bench");

        public string ResultsDirectory { get; private set; } = Path.Combine("tests", "CarbonSpaces.Benchmarks", "results");

        public bool IsFullRun => !Quick && !ScaleGiven && Cases.Count == AllCases.Length && ProfileDirectory == null;

        public int SmallScale => Math.Max(1, Scale / 10);

        public static BenchOptions Parse(IReadOnlyList<string> args)
        {
            var options = new BenchOptions();
            int? reps = null, scale = null;
            for (var i = 0; i < args.Count; i++)
            {
                string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--quick": options.Quick = true; break;
                    case "--scale": scale = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--reps": reps = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--cases": options.Cases = new HashSet<string>(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase); break;
                    case "--seed-only": options.SeedOnly = true; break;
                    case "--far-ms": options.FarMilliseconds = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                    case "--far-mbps": options.FarBytesPerSecond = long.Parse(Value(), CultureInfo.InvariantCulture) * 1_000_000 / 8; break;
                    case "--profile": options.ProfileDirectory = Path.GetFullPath(Value()); break;
                    case "--work": options.WorkDirectory = Path.GetFullPath(Value()); break;
                    case "--results": options.ResultsDirectory = Value(); break;
                    default: throw new ArgumentException($"Unknown argument '{args[i]}'. Usage: [--quick] [--scale N] [--reps N] [--cases P1,P2,P3a,P3b,P4,P5,P8,P9,P3a-pg,P3a-scale,P5-pg,P9-pg,P1r,P2r,P3a-r,P4r] [--far-ms N] [--far-mbps N] [--profile DIR] [--work DIR] [--results DIR] [--seed-only]");
                }
            }

            var unknown = options.Cases.Where(c => !AllCases.Contains(c, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException($"Unknown case(s) {string.Join(", ", unknown)}; the cases are {string.Join(", ", AllCases)}.");
            }

            if (options.Quick)
            {
                options.Scale = 20_000;
                options.Repetitions = 2;
                options.SmallFiles = 2_000;
                options.LargeFiles = 5;
                options.SearchChunks = 250_000;
                options.QueriesPerSet = 100;
                options.EmbedChunks = 192;
                options.VectorChunks = new long[] { 100_000 };
            }

            if (scale.HasValue)
            {
                options.Scale = scale.Value;
                options.ScaleGiven = true;
            }

            options.Repetitions = reps ?? options.Repetitions;
            return options;
        }

        public bool Runs(string @case) => Cases.Contains(@case);
    }
}
