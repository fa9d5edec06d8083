using System;
using System.Collections.Generic;
using System.Linq;

namespace CarbonSpaces.Benchmarks.Harness
{
    internal static class Stats
    {
        public static double Median(IEnumerable<double> values) => Percentile(values as IReadOnlyCollection<double> ?? values.ToList(), 50);

        /// <summary>Nearest-rank percentile (p in 0–100); NaN when empty.</summary>
        public static double Percentile(IReadOnlyCollection<double> values, double p)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = values.OrderBy(v => v).ToArray();
            if (p == 50 && sorted.Length % 2 == 0)
            {
                return (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
            }

            var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
            return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
        }
    }
}
