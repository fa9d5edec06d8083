using System;
using System.Diagnostics;
using System.IO;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// Starts this same program as a child ("child &lt;request&gt; &lt;result&gt;") for each measured work,
    /// so each gets its own process: a clean peak RSS and no state carried between cases. With a
    /// profile folder, each child runs under `perf record` (JIT symbols from DOTNET_PerfMapEnabled)
    /// and a flat profile of it is written beside the data.
    /// </summary>
    internal sealed class ChildRunner
    {
        private readonly string _directory;
        private readonly string? _profileDirectory;
        private int _runs;

        public ChildRunner(string directory, string? profileDirectory)
        {
            _directory = directory;
            _profileDirectory = profileDirectory;
            Directory.CreateDirectory(directory);
            if (profileDirectory != null)
            {
                Directory.CreateDirectory(profileDirectory);
            }
        }

        /// <param name="onBegan">Called as the child begins its measured span (after its warm-up), to start other work alongside it.</param>
        public async Task<ChildResult> RunAsync(ChildRequest request, string label, Action? onBegan = null)
        {
            var run = System.Threading.Interlocked.Increment(ref _runs); // the children of a group start at once
            var name = $"{run:D3}-{label}";
            var requestPath = Path.Combine(_directory, name + ".request.json");
            var resultPath = Path.Combine(_directory, name + ".result.json");
            var logPath = Path.Combine(_directory, name + ".log");
            request.ScratchDirectory = Path.Combine(_directory, name + ".scratch");
            Directory.CreateDirectory(request.ScratchDirectory);
            request.Save(requestPath);

            var (program, prefix) = Self();
            var start = new ProcessStartInfo { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            string? perfData = null;
            if (_profileDirectory != null)
            {
                perfData = Path.Combine(_profileDirectory, name + ".perf.data");
                start.FileName = "perf";
                foreach (var argument in new[] { "record", "-F", "999", "-g", "-k", "CLOCK_MONOTONIC", "-o", perfData, "--", program })
                {
                    start.ArgumentList.Add(argument);
                }

                start.Environment["DOTNET_PerfMapEnabled"] = "1";
                // Without W^X double mapping JIT code sits in anonymous memory that perf maps through /tmp/perf-PID.map.
                start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
            }
            else
            {
                start.FileName = program;
            }

            foreach (var argument in prefix)
            {
                start.ArgumentList.Add(argument);
            }

            start.ArgumentList.Add("child");
            start.ArgumentList.Add(requestPath);
            start.ArgumentList.Add(resultPath);
            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            foreach (var (variable, value) in request.Environment)
            {
                start.Environment[variable] = value;
            }

            var beganMarker = Path.Combine(_directory, name + ".began");
            if (onBegan != null)
            {
                start.Environment[ChildResult.BeganMarkerVariable] = beganMarker;
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            var watch = onBegan == null ? Task.CompletedTask : WatchForBeginAsync(beganMarker, process, onBegan);
            await process.WaitForExitAsync().ConfigureAwait(false);
            await watch.ConfigureAwait(false);
            File.WriteAllText(logPath, await output.ConfigureAwait(false) + await errors.ConfigureAwait(false), Encoding.UTF8);

            if (!File.Exists(resultPath))
            {
                throw new InvalidOperationException($"Child {name} exited with {process.ExitCode} without a result; see {logPath}.");
            }

            var result = ChildResult.Load(resultPath);
            if (result.Error != null)
            {
                throw new InvalidOperationException($"Child {name} failed: {result.Error}");
            }

            if (perfData != null && result.EndedAt > 0)
            {
                await PerfBreakdown.WriteAsync(perfData, result.BeganAt, result.EndedAt, perfData + ".breakdown.txt").ConfigureAwait(false);
            }

            TryDelete(request.ScratchDirectory);
            return result;
        }

        /// <summary>Polls for the child's marker every few milliseconds; a child that exits without one never began.</summary>
        private static async Task WatchForBeginAsync(string marker, Process process, Action onBegan)
        {
            while (!File.Exists(marker))
            {
                if (process.HasExited && !File.Exists(marker))
                {
                    return;
                }

                await Task.Delay(5).ConfigureAwait(false);
            }

            onBegan();
        }

        /// <summary>The command that runs this program: its apphost, or `dotnet &lt;dll&gt;`.</summary>
        private static (string Program, string[] Prefix) Self()
        {
            var assembly = Assembly.GetEntryAssembly()!.Location;
            var apphost = Path.ChangeExtension(assembly, null);
            if (File.Exists(apphost))
            {
                return (apphost, Array.Empty<string>());
            }

            return (Environment.ProcessPath ?? "dotnet", new[] { assembly });
        }

        private static void TryDelete(string directory)
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
