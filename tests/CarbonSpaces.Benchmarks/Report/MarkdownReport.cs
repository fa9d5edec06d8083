using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace CarbonSpaces.Benchmarks.Report
{
    /// <summary>The results as markdown: the table of the issue, then what each row is made of, the notes and the machine.</summary>
    internal static class MarkdownReport
    {
        public static string Table(IReadOnlyList<ResultRow> rows)
        {
            var text = new StringBuilder();
            var conditions = rows.SelectMany(r => r.Conditions).Select(c => c.Name).Distinct().ToList();
            text.Append("| case | data | CarbonSpaces (median) | reference (median) | ratio | target | met? | peak RSS | S3 requests (CarbonSpaces, one run) |");
            text.AppendLine(string.Concat(conditions.Select(c => $" {c}: CarbonSpaces | {c}: reference | {c}: ratio | {c}: target | {c}: met? |")));
            text.AppendLine("|---|---|---|---|---|---|---|---|---|" + string.Concat(conditions.Select(_ => "---|---|---|---|---|")));
            foreach (var row in rows)
            {
                text.Append($"| {row.Case} | {row.Data} | {row.CarbonSpaces} | {row.Reference} | {row.Ratio} | {row.Target} | {Format.Met(row.Met)} | {row.PeakRss} | {row.Requests} |");
                text.AppendLine(string.Concat(conditions.Select(name => row.Conditions.FirstOrDefault(c => c.Name == name) is { } c
                    ? $" {c.CarbonSpaces} | {c.Reference} | {c.Ratio} | {c.Target} | {Format.Met(c.Met)} |"
                    : " — | — | — | — | — |")));
            }

            return text.ToString();
        }

        public static string Document(string title, BenchOptions options, TimeSpan duration, IReadOnlyList<ResultRow> rows, IReadOnlyList<string> notes, IReadOnlyList<string> environment, IReadOnlyList<string> seeding)
        {
            var text = new StringBuilder();
            text.AppendLine($"# {title}");
            text.AppendLine();
            text.AppendLine($"{(options.Quick ? "Quick" : "Full")} run, {options.Repetitions} repetition(s) per case, CarbonSpaces and its reference alternating; whole run {duration.TotalMinutes:0.0} min. " +
                            $"Times are medians; CarbonSpaces is timed inside a child process per run, after warm-up passes on other data, each followed by a wait until the JIT compiler is idle, until a pass compiles fewer than {Harness.ChildHost.SteadyPassMethods} methods ({Harness.ChildHost.MinWarmUpPasses} to {Harness.ChildHost.MaxWarmUpPasses} passes; a warm module), around the engine call the cmdlet makes. " +
                            "Peak RSS is that child's high-water mark, reset after the warm-up (the highest of the repetitions).");
            text.AppendLine();
            text.Append(Table(rows));
            text.AppendLine();
            text.AppendLine("## Details");
            text.AppendLine();
            foreach (var row in rows)
            {
                if (row.Details.Count == 0)
                {
                    continue;
                }

                text.AppendLine($"- **{row.Case}** ({row.Data})");
                foreach (var detail in row.Details)
                {
                    text.AppendLine($"  - {detail}");
                }
            }

            if (notes.Count > 0)
            {
                text.AppendLine();
                text.AppendLine("## Notes");
                text.AppendLine();
                foreach (var note in notes)
                {
                    text.AppendLine($"- {note}");
                }
            }

            text.AppendLine();
            text.AppendLine("## Seeding");
            text.AppendLine();
            foreach (var line in seeding)
            {
                text.AppendLine($"- {line}");
            }

            text.AppendLine();
            text.AppendLine("## Machine");
            text.AppendLine();
            foreach (var line in environment)
            {
                text.AppendLine($"- {line}");
            }

            return text.ToString();
        }
    }
}
