using System;
using System.Diagnostics;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>Runs one of the machine's real tools to make a sample (a PDF, an image, a recording), failing the test with its output if it fails.</summary>
    public static class ToolProcess
    {
        public static void Run(string tool, params string[] arguments)
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} {string.Join(" ", arguments)} did not finish in 2 minutes.");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{tool} {string.Join(" ", arguments)} failed ({process.ExitCode}): {error}{output.Result}");
            }
        }
    }
}
