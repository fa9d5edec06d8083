using System.Collections.Generic;
using System.Linq;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// The "cold" columns of a row: the cmdlet as the first work of a new PowerShell process
    /// (<see cref="ColdRunner"/>) against the same reference run as a new process too.
    /// </summary>
    internal static class ColdFigures
    {
        public const string Condition = "cold";

        /// <summary>
        /// True when cold runs can be made; otherwise the row gets a cold column saying why not, once.
        /// </summary>
        public static bool Available(BenchContext context, ResultRow row)
        {
            if (ColdRunner.Unavailable() is not { } reason)
            {
                return true;
            }

            row.Conditions.Add(new ConditionFigures { Name = Condition, CarbonSpaces = "not run: " + reason });
            return false;
        }

        /// <param name="bound">The reference's median seconds (the slower reference where there are two).</param>
        public static ConditionFigures Figures(IReadOnlyList<ColdRun> ours, string reference, double bound, double limit, bool alsoMet = true)
        {
            var median = Stats.Median(ours.Select(r => r.CmdletSeconds).ToList());
            var ratio = median / bound;
            return new ConditionFigures
            {
                Name = Condition,
                CarbonSpaces = $"{Format.Seconds(median)} (+ start-up {Format.Seconds(Stats.Median(ours.Select(r => r.StartupSeconds).ToList()))})",
                Reference = reference,
                Ratio = Format.Ratio(ratio),
                Target = $"ratio ≤ {Format.Number(limit)}",
                Met = ratio <= limit && alsoMet,
            };
        }

        /// <summary>Start-up (process start to connected) and the JIT compiler's share of it and of the cmdlet, per run.</summary>
        public static string Details(string what, IReadOnlyList<ColdRun> runs) =>
            $"cold {what} (a new pwsh each: Import-Module, Connect-CarbonSpace, the cmdlet timed inside): cmdlet {Format.Times(runs.Select(r => r.CmdletSeconds))}, "
            + $"the JIT compiler in it {Format.Times(runs.Select(r => r.CmdletJitSeconds))} for {string.Join(", ", runs.Select(r => Format.Count(r.CmdletJitMethods)))} methods; "
            + $"start-up {Format.Times(runs.Select(r => r.StartupSeconds))} (PowerShell ready at {Format.Times(runs.Select(r => r.HostSeconds))}, module imported at {Format.Times(runs.Select(r => r.ImportedSeconds))}), "
            + $"the JIT compiler in it {Format.Times(runs.Select(r => r.StartupJitSeconds))} for {string.Join(", ", runs.Select(r => Format.Count(r.StartupJitMethods)))} methods; "
            + $"assemblies loaded when connected {runs[0].StartupAssemblies}, after the cmdlet {runs[0].Assemblies}; whole process {Format.Times(runs.Select(r => r.ProcessSeconds))}";
    }
}
