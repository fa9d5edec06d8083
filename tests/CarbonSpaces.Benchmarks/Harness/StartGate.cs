using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// Lines up the measured spans of children that run at once (P3a-scale's processes): each warms up and opens
    /// its store at its own pace, says it is ready and waits; the parent opens the gate when all are, so the
    /// group's wall time is the work's, not the warm-ups' stagger.
    /// </summary>
    internal static class StartGate
    {
        /// <summary>How often both sides look for the other's file: a few milliseconds against spans of seconds.</summary>
        private const int PollMilliseconds = 2;

        /// <summary>The child's side: ready, then wait for the gate.</summary>
        public static void Pass(string gate)
        {
            File.WriteAllText($"{gate}.ready.{Environment.ProcessId}", string.Empty);
            while (!File.Exists(gate))
            {
                Thread.Sleep(PollMilliseconds);
            }
        }

        /// <summary>
        /// The parent's side: opens the gate once <paramref name="children"/>.Count children are ready, or as soon
        /// as one of them has ended (it failed before its span), so that the others are not left waiting.
        /// </summary>
        public static async Task OpenWhenReadyAsync(string gate, IReadOnlyCollection<Task> children)
        {
            var directory = Path.GetDirectoryName(gate)!;
            var pattern = Path.GetFileName(gate) + ".ready.*";
            while (Directory.EnumerateFiles(directory, pattern).Count() < children.Count && !children.Any(c => c.IsCompleted))
            {
                await Task.Delay(PollMilliseconds).ConfigureAwait(false);
            }

            File.WriteAllText(gate, string.Empty);
        }
    }
}
