using System;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>What one cold run (<see cref="ColdRunner"/>) measured; seconds count from the process start.</summary>
    internal sealed class ColdRun
    {
        /// <summary>The cmdlet alone, timed in the process with a Stopwatch: the figure the cold ratios use.</summary>
        public double CmdletSeconds { get; set; }

        /// <summary>From the process start until PowerShell ran the script's first line.</summary>
        public double HostSeconds { get; set; }

        /// <summary>From the process start until Import-Module returned.</summary>
        public double ImportedSeconds { get; set; }

        /// <summary>From the process start until Connect-CarbonSpace returned: the start-up a runbook pays before its first cmdlet.</summary>
        public double StartupSeconds { get; set; }

        /// <summary>The JIT compiler's time (all threads) and methods from the process start until connected.</summary>
        public double StartupJitSeconds { get; set; }

        public long StartupJitMethods { get; set; }

        /// <summary>The JIT compiler's time and methods while the cmdlet ran.</summary>
        public double CmdletJitSeconds { get; set; }

        public long CmdletJitMethods { get; set; }

        /// <summary>Assemblies loaded once connected, and once the cmdlet returned.</summary>
        public int StartupAssemblies { get; set; }

        public int Assemblies { get; set; }

        /// <summary>The whole process as the parent saw it, start to exit.</summary>
        public double ProcessSeconds { get; set; }

        /// <summary>The script's counts of what the cmdlet returned (objects, ready files, …).</summary>
        public JsonElement Counts { get; set; }

        public double Count(string name) =>
            Counts.ValueKind == JsonValueKind.Object && Counts.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : double.NaN;
    }

    /// <summary>
    /// Runs one cmdlet as the first work of a new PowerShell process (Cold/ColdRun.ps1): the pinned
    /// pwsh (CARBONSPACES_BENCH_PWSHHOME, its $PSHOME) imports the staged module
    /// (CARBONSPACES_BENCH_MODULE, a CarbonSpaces.psd1), connects, runs the cmdlet and reports its
    /// marks. tools/bench.sh stages the module and sets both.
    /// </summary>
    internal sealed class ColdRunner
    {
        public const string ModuleVariable = "CARBONSPACES_BENCH_MODULE";

        public const string PowerShellHomeVariable = "CARBONSPACES_BENCH_PWSHHOME";

        private readonly string _directory;
        private int _runs;

        public ColdRunner(string directory)
        {
            _directory = directory;
            Directory.CreateDirectory(directory);
        }

        /// <summary>Null when a cold run can be made here, else why not.</summary>
        public static string? Unavailable()
        {
            var module = Environment.GetEnvironmentVariable(ModuleVariable);
            var home = Environment.GetEnvironmentVariable(PowerShellHomeVariable);
            if (string.IsNullOrEmpty(module) || !File.Exists(module))
            {
                return $"no staged module in {ModuleVariable} (tools/bench.sh stages one)";
            }

            return string.IsNullOrEmpty(home) || !File.Exists(Path.Combine(home, "pwsh.dll"))
                ? $"no PowerShell in {PowerShellHomeVariable} (tools/bench.sh sets it from tools/pwsh)"
                : null;
        }

        /// <param name="work">items-sync, file-sync, resync or auto-sync (see ColdRun.ps1).</param>
        public async Task<ColdRun> RunAsync(string work, S3Account account, string? bucket, string storePath, int throttle, string label)
        {
            var name = $"{++_runs:D3}-{label}";
            var resultPath = Path.Combine(_directory, name + ".result.json");
            var logPath = Path.Combine(_directory, name + ".log");
            var home = Environment.GetEnvironmentVariable(PowerShellHomeVariable)!;
            var apphost = Path.Combine(home, "pwsh");
            var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            if (File.Exists(apphost))
            {
                start.FileName = apphost;
            }
            else
            {
                start.FileName = "dotnet";
                start.ArgumentList.Add(Path.Combine(home, "pwsh.dll"));
            }

            var arguments = new[]
            {
                "-NoLogo", "-NoProfile", "-NonInteractive", "-File", Path.Combine(AppContext.BaseDirectory, "Cold", "ColdRun.ps1"),
                "-ModulePath", Environment.GetEnvironmentVariable(ModuleVariable)!, "-Work", work,
                "-Endpoint", account.Endpoint, "-Region", account.Region, "-AccessKey", account.AccessKey,
                "-StorePath", storePath, "-CustomerId", "bench@example.com", "-ResultPath", resultPath,
                "-ThrottleLimit", throttle.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            if (bucket != null)
            {
                start.ArgumentList.Add("-Bucket");
                start.ArgumentList.Add(bucket);
            }

            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["CARBONSPACES_BENCH_SECRET_KEY"] = account.SecretKey;
            var startedAt = Stopwatch.GetTimestamp();
            start.Environment["CARBONSPACES_BENCH_STARTED_AT"] = startedAt.ToString(System.Globalization.CultureInfo.InvariantCulture);

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            var processSeconds = Stopwatch.GetElapsedTime(startedAt).TotalSeconds;
            File.WriteAllText(logPath, await output.ConfigureAwait(false) + await errors.ConfigureAwait(false), Encoding.UTF8);
            if (!File.Exists(resultPath))
            {
                throw new InvalidOperationException($"Cold run {name} exited with {process.ExitCode} without a result; see {logPath}.");
            }

            using var document = JsonDocument.Parse(File.ReadAllText(resultPath));
            var root = document.RootElement;
            if (root.GetProperty("Error").ValueKind == JsonValueKind.String)
            {
                throw new InvalidOperationException($"Cold run {name} failed: {root.GetProperty("Error").GetString()}");
            }

            var marks = root.GetProperty("Marks");
            double Mark(string mark, string figure) => marks.GetProperty(mark).GetProperty(figure).GetDouble();
            return new ColdRun
            {
                CmdletSeconds = root.GetProperty("CmdletSeconds").GetDouble(),
                HostSeconds = Mark("HostReady", "Seconds"),
                ImportedSeconds = Mark("Imported", "Seconds"),
                StartupSeconds = Mark("Connected", "Seconds"),
                StartupJitSeconds = Mark("Connected", "JitSeconds"),
                StartupJitMethods = (long)Mark("Connected", "JitMethods"),
                CmdletJitSeconds = Mark("Done", "JitSeconds") - Mark("Connected", "JitSeconds"),
                CmdletJitMethods = (long)(Mark("Done", "JitMethods") - Mark("Connected", "JitMethods")),
                StartupAssemblies = (int)Mark("Connected", "Assemblies"),
                Assemblies = (int)Mark("Done", "Assemblies"),
                ProcessSeconds = processSeconds,
                Counts = root.GetProperty("Counts").Clone(),
            };
        }
    }
}
