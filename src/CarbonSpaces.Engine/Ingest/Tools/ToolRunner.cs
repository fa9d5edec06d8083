using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Ingest.Tools
{
    /// <summary>
    /// Runs external tools: started directly (no shell, so nothing in a key or a file can be taken
    /// as a command), arguments passed as a list, output bounded, and the process killed when the
    /// run times out or the user presses Ctrl+C.
    /// </summary>
    public sealed class ToolRunner
    {
        public const string FailedId = "CarbonSpaces.ToolFailed";

        private const int KeptErrorCharacters = 4096;

        private readonly ToolLocator _locator;

        public ToolRunner(ToolLocator locator)
        {
            _locator = locator;
        }

        /// <exception cref="CarbonSpacesException">CarbonSpaces.ToolNotFound, CarbonSpaces.ToolTimedOut or CarbonSpaces.ToolFailed (could not start, or wrote too much).</exception>
        public async Task<ToolResult> RunAsync(ToolRun run, CancellationToken cancellation)
        {
            var path = _locator.Find(run.Tool, run.Subject);
            using var process = new Process { StartInfo = StartInfo(path, run), EnableRaisingEvents = true };
            var exited = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.Exited += (_, _) => exited.TrySetResult(true);
            try
            {
                process.Start();
            }
            catch (Win32Exception ex)
            {
                throw Failed(run, $"it could not be started ({ex.Message})", ex);
            }

            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            bounded.CancelAfter(run.Timeout);
            using (bounded.Token.Register(() => Kill(process)))
            {
                var output = ReadBoundedAsync(process.StandardOutput.BaseStream, run.MaxOutputBytes, () => Kill(process));
                var error = process.StandardError.ReadToEndAsync();
                await WriteInputAsync(process, run.Input).ConfigureAwait(false);
                await Task.WhenAll(output, error, exited.Task).ConfigureAwait(false);
                cancellation.ThrowIfCancellationRequested();
                if (bounded.IsCancellationRequested)
                {
                    throw TimedOut(run);
                }

                if (output.Result == null)
                {
                    throw Failed(run, $"it wrote more than {run.MaxOutputBytes / (1024 * 1024)} MB of output", null);
                }

                var errorText = error.Result;
                return new ToolResult(process.ExitCode, output.Result, errorText.Length > KeptErrorCharacters ? errorText.Substring(errorText.Length - KeptErrorCharacters) : errorText);
            }
        }

        private static ProcessStartInfo StartInfo(string path, ToolRun run)
        {
            var start = new ProcessStartInfo(path)
            {
                UseShellExecute = false,
                CreateNoWindow = true,
                RedirectStandardInput = run.Input.HasValue,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
#if NET
            foreach (var argument in run.Arguments)
            {
                start.ArgumentList.Add(argument);
            }
#else
            start.Arguments = WindowsCommandLine.Join(run.Arguments);
#endif
            foreach (var variable in run.Environment)
            {
                start.EnvironmentVariables[variable.Key] = variable.Value;
            }

            return start;
        }

        /// <summary>A tool that exits before reading all its input (it found an error) closes the pipe: that is its answer, not ours to report.</summary>
        private static async Task WriteInputAsync(Process process, ReadOnlyMemory<byte>? input)
        {
            if (!input.HasValue)
            {
                return;
            }

            try
            {
                var stream = process.StandardInput.BaseStream;
                var bytes = input.Value.ToArray();
                await stream.WriteAsync(bytes, 0, bytes.Length).ConfigureAwait(false);
                stream.Close();
            }
            catch (IOException)
            {
            }
        }

        /// <returns>The bytes, or null when there were more than <paramref name="limit"/> (the tool is then stopped).</returns>
        private static async Task<byte[]?> ReadBoundedAsync(Stream stream, int limit, Action stop)
        {
            var kept = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, 0, buffer.Length).ConfigureAwait(false)) > 0)
            {
                if (kept.Length + read > limit)
                {
                    stop();
                    return null;
                }

                kept.Write(buffer, 0, read);
            }

            return kept.ToArray();
        }

        private static void Kill(Process process)
        {
            try
            {
#if NET
                process.Kill(entireProcessTree: true);
#else
                process.Kill();
#endif
            }
            catch (InvalidOperationException)
            {
                // It has already exited.
            }
            catch (Win32Exception)
            {
                // It is exiting.
            }
        }

        private static CarbonSpacesException TimedOut(ToolRun run) =>
            new CarbonSpacesException(
                "CarbonSpaces.ToolTimedOut",
                FailureKind.LimitExceeded,
                $"{run.Tool.Name} did not finish with '{run.Subject}' within {run.Timeout.TotalSeconds:0} s ({run.TimeoutName}), so it was stopped. The file may be too large or damaged; split it, or resync it when the machine is less busy.",
                run.Subject);

        private static CarbonSpacesException Failed(ToolRun run, string why, Exception? inner) =>
            new CarbonSpacesException(
                FailedId,
                FailureKind.ResourceUnavailable,
                $"{run.Tool.Name} failed on '{run.Subject}': {why}. Check that {run.Tool.Name} runs from a prompt ({run.Tool.InstallHint}).",
                run.Subject,
                inner);
    }
}
