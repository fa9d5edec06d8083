using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using CarbonSpaces.Benchmarks.Reference;
using Microsoft.Data.Sqlite;

namespace CarbonSpaces.Benchmarks.Report
{
    /// <summary>What the numbers were measured on.</summary>
    internal static class MachineInfo
    {
        /// <summary>/proc/loadavg's 1, 5 and 15 minute figures.</summary>
        public static string LoadAverage()
        {
            try
            {
                return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
            catch (IOException)
            {
                return "?";
            }
        }

        /// <summary>True when the last minute's load is over half a core on top of nothing (another build or test run shares the machine).</summary>
        public static bool Busy() =>
            double.TryParse(LoadAverage().Split(' ')[0], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var load) && load > 0.5;

        public static IReadOnlyList<string> Describe(string loadAtStart)
        {
            var lines = new List<string>
            {
                $"CPU: {Cpu()} × {Environment.ProcessorCount} logical cores; memory {Memory()}",
                $"OS: {RuntimeInformation.OSDescription}",
                $".NET: {RuntimeInformation.FrameworkDescription}; SQLite {SqliteVersion()}",
                $"rclone: {RcloneRunner.Version()}",
                $"load average (1/5/15 min) at start {loadAtStart}, at end {LoadAverage()}: anything above ~0.5 means other work shared the cores during the run",
                $"S3 server: Ceph RGW ({Command("radosgw", "--version")}), memstore OSD, on 127.0.0.1, sharing the same cores",
            };
            return lines;
        }

        private static string Cpu()
        {
            try
            {
                var model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                return model == null ? "?" : model.Substring(model.IndexOf(':') + 1).Trim();
            }
            catch (IOException)
            {
                return "?";
            }
        }

        private static string Memory()
        {
            try
            {
                var total = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
                var kilobytes = long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
                return $"{kilobytes / 1048576.0:0.0} GiB";
            }
            catch (Exception ex) when (ex is IOException || ex is FormatException)
            {
                return "?";
            }
        }

        private static string SqliteVersion()
        {
            SQLitePCL.Batteries_V2.Init();
            using var connection = new SqliteConnection("Data Source=:memory:");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT sqlite_version();";
            return (string)command.ExecuteScalar()!;
        }

        private static string Command(string program, string arguments)
        {
            try
            {
                using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
                var output = process.StandardOutput.ReadToEnd().Trim();
                process.WaitForExit();
                return output.Split('\n')[0].Replace("ceph version ", string.Empty);
            }
            catch (Exception ex)
            {
                return "? " + ex.Message;
            }
        }
    }
}
