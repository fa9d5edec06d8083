using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Reference
{
    /// <summary>Times a reference tool (pdftotext, tesseract) run from the command line, as a user would, on each of some inputs.</summary>
    internal static class ToolTimer
    {
        /// <summary>Seconds from the first start to the last exit, running at most <paramref name="parallelism"/> at once.</summary>
        public static async Task<double> RunAsync(string program, IReadOnlyList<string[]> argumentsPerInput, int parallelism, IReadOnlyDictionary<string, string>? environment = null)
        {
            using var slots = new SemaphoreSlim(parallelism);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(argumentsPerInput.Select(async arguments =>
            {
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    await RunOneAsync(program, arguments, environment).ConfigureAwait(false);
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
            return clock.Elapsed.TotalSeconds;
        }

        private static async Task RunOneAsync(string program, string[] arguments, IReadOnlyDictionary<string, string>? environment)
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().ConfigureAwait(false);
            await Task.WhenAll(output, error).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} failed ({process.ExitCode}): {error.Result}");
            }
        }
    }
}
