using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;

namespace CarbonSpaces.Benchmarks.Reference
{
    /// <summary>What one rclone run took.</summary>
    internal sealed class RcloneRun
    {
        public double Seconds { get; set; }

        /// <summary>Peak RSS from /usr/bin/time, or -1 when that is not installed.</summary>
        public long PeakRssBytes { get; set; } = -1;

        /// <summary>User + system CPU seconds from /usr/bin/time, or NaN.</summary>
        public double CpuSeconds { get; set; } = double.NaN;

        /// <summary>CPU time the S3 server's processes spent while rclone ran.</summary>
        public double ServerCpuSeconds { get; set; } = double.NaN;

        public string OutputPath { get; set; } = string.Empty;
    }

    /// <summary>
    /// Runs Debian's rclone against the benchmark's RGW. The remote "cs" is configured through
    /// RCLONE_CONFIG_CS_* variables (no config file), for one user's keys. AWS_CA_BUNDLE is
    /// removed from its environment: set machine-wide here, it makes rclone fail (LoadCustomCABundleError).
    /// </summary>
    internal sealed class RcloneRunner
    {
        private readonly string _workDirectory;
        private int _runs;

        public RcloneRunner(string workDirectory)
        {
            _workDirectory = workDirectory;
            Directory.CreateDirectory(workDirectory);
            File.WriteAllText(ConfigPath, string.Empty);
        }

        private string ConfigPath => Path.Combine(_workDirectory, "rclone.conf");

        public static string Version()
        {
            try
            {
                var start = new ProcessStartInfo("rclone", "version") { RedirectStandardOutput = true, UseShellExecute = false };
                start.Environment.Remove("AWS_CA_BUNDLE");
                using var process = Process.Start(start)!;
                var first = process.StandardOutput.ReadLine() ?? "?";
                process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                return first.Trim();
            }
            catch (Exception ex)
            {
                return "not available: " + ex.Message;
            }
        }

        /// <summary>`rclone lsf -R --fast-list --use-server-modtime --format psth cs:bucket` (the listing the issue names: lsjson would HEAD every object).</summary>
        public Task<RcloneRun> ListAsync(S3Account account, string bucket) =>
            RunAsync(account, new[] { "lsf", "-R", "--fast-list", "--use-server-modtime", "--format", "psth", "cs:" + bucket });

        /// <summary>`rclone copy --transfers N cs:bucket dir` into a new folder, deleted afterwards.</summary>
        public async Task<RcloneRun> CopyAsync(S3Account account, string bucket, int transfers)
        {
            var destination = Path.Combine(_workDirectory, $"copy-{_runs + 1}");
            try
            {
                return await RunAsync(account, new[] { "copy", "--transfers", transfers.ToString(System.Globalization.CultureInfo.InvariantCulture), "cs:" + bucket, destination }).ConfigureAwait(false);
            }
            finally
            {
                if (Directory.Exists(destination))
                {
                    Directory.Delete(destination, recursive: true);
                }
            }
        }

        private async Task<RcloneRun> RunAsync(S3Account account, IReadOnlyList<string> arguments)
        {
            var run = ++_runs;
            var output = Path.Combine(_workDirectory, $"rclone-{run}.out");
            var errors = Path.Combine(_workDirectory, $"rclone-{run}.err");
            var rss = Path.Combine(_workDirectory, $"rclone-{run}.rss");
            var useTime = File.Exists("/usr/bin/time");

            // bash redirects stdout to a file, so reading rclone's output costs this process nothing.
            var start = new ProcessStartInfo("bash") { UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(useTime
                ? "out=$1; err=$2; rss=$3; shift 3; exec /usr/bin/time -f \"%M %U %S\" -o \"$rss\" rclone \"$@\" > \"$out\" 2> \"$err\""
                : "out=$1; err=$2; shift 3; exec rclone \"$@\" > \"$out\" 2> \"$err\"");
            start.ArgumentList.Add("rclone-run");
            start.ArgumentList.Add(output);
            start.ArgumentList.Add(errors);
            start.ArgumentList.Add(rss);
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(ConfigPath);
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment.Remove("AWS_CA_BUNDLE");
            start.Environment["RCLONE_CONFIG_CS_TYPE"] = "s3";
            start.Environment["RCLONE_CONFIG_CS_PROVIDER"] = "Ceph";
            start.Environment["RCLONE_CONFIG_CS_ENV_AUTH"] = "false";
            start.Environment["RCLONE_CONFIG_CS_ACCESS_KEY_ID"] = account.AccessKey;
            start.Environment["RCLONE_CONFIG_CS_SECRET_ACCESS_KEY"] = account.SecretKey;
            start.Environment["RCLONE_CONFIG_CS_ENDPOINT"] = account.Endpoint;
            start.Environment["RCLONE_CONFIG_CS_REGION"] = account.Region;

            var serverCpu = -Harness.ServerCpu.Seconds();
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            await process.WaitForExitAsync().ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            serverCpu += Harness.ServerCpu.Seconds();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"rclone {string.Join(" ", arguments)} exited with {process.ExitCode}: {Tail(errors)}");
            }

            var result = new RcloneRun { Seconds = seconds, ServerCpuSeconds = serverCpu, OutputPath = output };
            var figures = useTime && File.Exists(rss) ? File.ReadAllText(rss).Trim().Split('\n')[^1].Split(' ') : Array.Empty<string>();
            if (figures.Length == 3
                && long.TryParse(figures[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes)
                && double.TryParse(figures[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var user)
                && double.TryParse(figures[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var system))
            {
                result.PeakRssBytes = kilobytes * 1024;
                result.CpuSeconds = user + system;
            }

            return result;
        }

        /// <summary>Objects in an `lsf --format psth` listing: its lines, less the directories (paths ending in "/") that -R adds.</summary>
        public static long CountObjects(string path)
        {
            long objects = 0;
            foreach (var line in File.ReadLines(path))
            {
                var end = line.IndexOf(';');
                var name = end < 0 ? line : line.Substring(0, end);
                if (name.Length > 0 && !name.EndsWith("/", StringComparison.Ordinal))
                {
                    objects++;
                }
            }

            return objects;
        }

        private static string Tail(string path) => File.Exists(path) ? string.Join(" | ", File.ReadAllLines(path)[^Math.Min(5, File.ReadAllLines(path).Length)..]) : string.Empty;
    }
}
