using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace CarbonSpaces.Benchmarks.Report
{
    internal static class Format
    {
        private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

        public static string Seconds(double seconds) =>
            double.IsNaN(seconds) ? "—" : seconds < 10 ? seconds.ToString("0.00", Invariant) + " s" : seconds.ToString("0.0", Invariant) + " s";

        public static string Milliseconds(double ms) =>
            double.IsNaN(ms) ? "—" : ms < 10 ? ms.ToString("0.0", Invariant) + " ms" : ms.ToString("0", Invariant) + " ms";

        public static string Ratio(double ratio) => double.IsNaN(ratio) || double.IsInfinity(ratio) ? "—" : ratio.ToString("0.00", Invariant);

        public static string Mebibytes(long bytes) => bytes < 0 ? "—" : (bytes / 1048576.0).ToString("0", Invariant) + " MiB";

        public static string Count(double n) => n.ToString("N0", Invariant);

        public static string Number(double n, string format = "0.##") => n.ToString(format, Invariant);

        public static string Times(IEnumerable<double> seconds) => string.Join(", ", seconds.Select(Seconds));

        /// <summary>"ListObjectsV2 101, GetObject 0": the counts, with the operations in <paramref name="always"/> shown even when zero.</summary>
        public static string Requests(IReadOnlyDictionary<string, long> counts, params string[] always)
        {
            var shown = counts.Where(p => p.Value > 0).Select(p => p.Key).Union(always).OrderBy(k => k, System.StringComparer.Ordinal);
            var parts = shown.Select(k => $"{k} {(counts.TryGetValue(k, out var n) ? n : 0).ToString("N0", Invariant)}").ToList();
            return parts.Count == 0 ? "none" : string.Join(", ", parts);
        }

        /// <summary>"CPU 1.23 s": the median CPU seconds (user + system) of the runs.</summary>
        public static string Cpu(IEnumerable<double> seconds)
        {
            var known = seconds.Where(s => !double.IsNaN(s)).ToList();
            return known.Count == 0 ? "CPU n/a" : "CPU " + Seconds(Harness.Stats.Median(known));
        }

        /// <summary>"0.25 s, 0.19 s for 248, 227 methods": what the JIT compiler did in each run's measured span.</summary>
        public static string Jit(IReadOnlyCollection<Harness.ChildResult> runs) =>
            $"{Times(runs.Select(r => r.JitSeconds))} for {string.Join(", ", runs.Select(r => Count(r.JitMethods)))} methods";

        public static string Met(bool? met) => met == null ? "n/a" : met.Value ? "yes" : "**no**";
    }
}
