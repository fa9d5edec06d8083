using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// Reads a `perf record -g` profile of one child, cut to its measured span, and says where the
    /// CPU went: by kind of code at the leaf (JIT compiler, CLR runtime/GC, SQLite, kernel, managed
    /// code by assembly), and by the innermost CarbonSpaces.Engine method on each stack, so that work
    /// done in SQLite, the GC or the AWS SDK is charged to the engine code that asked for it.
    /// </summary>
    internal static class PerfBreakdown
    {
        public static async Task WriteAsync(string perfData, long fromNanoseconds, long toNanoseconds, string outputPath)
        {
            var start = new ProcessStartInfo("perf") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "script", "-i", perfData, "-F", "tid,ip,sym,dso", "--time", $"{Seconds(fromNanoseconds)},{Seconds(toNanoseconds)}" })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var samples = 0;
            var byLeaf = new Dictionary<string, int>();
            var byType = new Dictionary<string, Dictionary<string, int>>();
            var byMethod = new Dictionary<string, int>();
            var threads = new Dictionary<string, int>();
            var stack = new List<(string Symbol, string Dso)>();
            string? thread = null;

            void Flush()
            {
                if (thread == null || stack.Count == 0)
                {
                    stack.Clear();
                    return;
                }

                samples++;
                Add(threads, thread);
                var leaf = Category(stack[0].Symbol, stack[0].Dso);
                Add(byLeaf, leaf);
                var engine = stack.Select(f => EngineMethod(f.Symbol)).FirstOrDefault(m => m != null) ?? "(no engine frame)";
                var type = engine.Contains('.') ? engine.Substring(0, engine.LastIndexOf('.')) : engine;
                if (!byType.TryGetValue(type, out var leaves))
                {
                    byType[type] = leaves = new Dictionary<string, int>();
                }

                Add(leaves, leaf);
                Add(byMethod, engine);
                stack.Clear();
            }

            string? line;
            while ((line = await process.StandardOutput.ReadLineAsync().ConfigureAwait(false)) != null)
            {
                if (line.Length == 0)
                {
                    Flush();
                    thread = null;
                }
                else if (!char.IsWhiteSpace(line[0]))
                {
                    Flush();
                    thread = line.Trim();
                }
                else
                {
                    var text = line.Trim();
                    var space = text.IndexOf(' ');
                    var dsoStart = text.LastIndexOf(" (", StringComparison.Ordinal);
                    if (space > 0 && dsoStart > space)
                    {
                        stack.Add((text.Substring(space + 1, dsoStart - space - 1), text.Substring(dsoStart + 2).TrimEnd(')')));
                    }
                }
            }

            Flush();
            await process.WaitForExitAsync().ConfigureAwait(false);

            var report = new StringBuilder();
            report.AppendLine($"{samples:N0} samples (at 999 Hz) in the measured span; {threads.Count} thread(s)");
            report.AppendLine();
            report.AppendLine("By kind of code at the leaf:");
            foreach (var (name, count) in byLeaf.OrderByDescending(p => p.Value).Take(15))
            {
                report.AppendLine($"  {Percent(count, samples),6}  {name}");
            }

            report.AppendLine();
            report.AppendLine("By innermost CarbonSpaces.Engine type on the stack (and what ran at the leaf under it):");
            foreach (var (type, leaves) in byType.OrderByDescending(p => p.Value.Values.Sum()).Take(25))
            {
                var total = leaves.Values.Sum();
                var split = string.Join(", ", leaves.OrderByDescending(p => p.Value).Take(4).Select(p => $"{p.Key} {Percent(p.Value, samples).Trim()}"));
                report.AppendLine($"  {Percent(total, samples),6}  {type}  [{split}]");
            }

            report.AppendLine();
            report.AppendLine("By innermost CarbonSpaces.Engine method:");
            foreach (var (method, count) in byMethod.OrderByDescending(p => p.Value).Take(30))
            {
                report.AppendLine($"  {Percent(count, samples),6}  {method}");
            }

            var problems = await errors.ConfigureAwait(false);
            if (samples == 0 && problems.Length > 0)
            {
                report.AppendLine(problems);
            }

            File.WriteAllText(outputPath, report.ToString());
        }

        private static string Seconds(long nanoseconds) =>
            (nanoseconds / 1_000_000_000).ToString(CultureInfo.InvariantCulture) + "." + (nanoseconds % 1_000_000_000).ToString("D9", CultureInfo.InvariantCulture);

        private static string Percent(int count, int total) => total == 0 ? "0%" : (100.0 * count / total).ToString("0.0", CultureInfo.InvariantCulture) + "%";

        private static void Add(Dictionary<string, int> counts, string key) => counts[key] = counts.TryGetValue(key, out var n) ? n + 1 : 1;

        private static string Category(string symbol, string dso)
        {
            if (dso.Contains("libclrjit", StringComparison.Ordinal))
            {
                return "JIT compiler";
            }

            if (dso.Contains("libcoreclr", StringComparison.Ordinal))
            {
                return "CLR runtime (GC, allocation, stubs)";
            }

            if (dso.Contains("libe_sqlite3", StringComparison.Ordinal))
            {
                return symbol.StartsWith("fts5", StringComparison.Ordinal) || symbol.StartsWith("sqlite3Fts5", StringComparison.Ordinal) ? "SQLite FTS5" : "SQLite";
            }

            if (dso.Contains("kernel", StringComparison.Ordinal))
            {
                return "kernel";
            }

            if (dso.Contains("libc.so", StringComparison.Ordinal) || dso.Contains("ld-linux", StringComparison.Ordinal) || dso.Contains("libstdc++", StringComparison.Ordinal))
            {
                return "libc (memset/memcpy/malloc/locks)";
            }

            if (dso.Contains("libcrypto", StringComparison.Ordinal) || dso.Contains("libssl", StringComparison.Ordinal))
            {
                return "OpenSSL";
            }

            var assembly = symbol.IndexOf('[');
            var end = assembly < 0 ? -1 : symbol.IndexOf(']', assembly);
            if (end > assembly && assembly >= 0)
            {
                var name = symbol.Substring(assembly + 1, end - assembly - 1);
                return name switch
                {
                    "CarbonSpaces.Engine" => "managed: CarbonSpaces.Engine",
                    "System.Private.CoreLib" => "managed: CoreLib",
                    _ when name.StartsWith("AWSSDK", StringComparison.Ordinal) => "managed: AWS SDK",
                    _ when name.StartsWith("System.Net", StringComparison.Ordinal) => "managed: System.Net",
                    _ when name.Contains("Sqlite", StringComparison.OrdinalIgnoreCase) || name.StartsWith("SQLitePCL", StringComparison.Ordinal) => "managed: Microsoft.Data.Sqlite",
                    _ => "managed: " + name,
                };
            }

            return dso.Contains("[JIT]", StringComparison.Ordinal) || dso.Contains(".dll", StringComparison.Ordinal) ? "managed: other/stubs" : "other: " + Path.GetFileName(dso);
        }

        /// <summary>"Chunking.TextChunker.Chunk" for a CarbonSpaces.Engine frame (async state machines named after their method), else null.</summary>
        private static string? EngineMethod(string symbol)
        {
            const string Marker = "[CarbonSpaces.Engine] CarbonSpaces.Engine.";
            var at = symbol.IndexOf(Marker, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var name = symbol.Substring(at + Marker.Length);
            var paren = name.IndexOf('(');
            if (paren > 0)
            {
                name = name.Substring(0, paren);
            }

            // Type+<MethodAsync>d__5::MoveNext → Type.MethodAsync; Type+<>c__DisplayClass::<Method>b__0 → Type.Method
            var nested = name.IndexOf("+<", StringComparison.Ordinal);
            if (nested > 0)
            {
                var close = name.IndexOf('>', nested);
                var method = name.Substring(nested + 2, close - nested - 2);
                if (method.Length == 0)
                {
                    var inner = name.IndexOf("::<", StringComparison.Ordinal);
                    var innerClose = inner < 0 ? -1 : name.IndexOf('>', inner);
                    method = innerClose > inner && inner >= 0 ? name.Substring(inner + 3, innerClose - inner - 3) : "lambda";
                }

                return name.Substring(0, nested) + "." + method;
            }

            return name.Replace("::", ".", StringComparison.Ordinal);
        }
    }
}
