using System;
using System.Diagnostics;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;

namespace CarbonSpaces.Benchmarks.Reference
{
    /// <summary>What one run of both P3 references at once took.</summary>
    internal sealed class BothAtOnceRun
    {
        /// <summary>From the index's first insert until both were done.</summary>
        public double Seconds { get; set; }

        public double IndexSeconds { get; set; }

        public double RcloneSeconds { get; set; }
    }

    /// <summary>
    /// P3's two references run together: `rclone copy` starts the moment the raw FTS5 index child
    /// begins its measured span. P3's target takes the slower of the two as if each had the
    /// machine to itself; here they share 2 cores with the S3 server, as CarbonSpaces' downloads
    /// and its index writer do. How long both take together is what moving these bytes and
    /// indexing these chunks cost at once on this machine, a bound for a sync that does both.
    /// </summary>
    internal static class BothReferencesAtOnce
    {
        public static async Task<BothAtOnceRun> RunAsync(BenchContext context, ChildRequest indexRequest, string label)
        {
            Task<RcloneRun>? copy = null;
            long copyStartedAt = 0;
            ChildResult index;
            try
            {
                index = await context.Children.RunAsync(indexRequest, label, () =>
                {
                    copyStartedAt = Stopwatch.GetTimestamp();
                    copy = context.Rclone.CopyAsync(context.Files, indexRequest.Bucket!, context.Options.Throttle);
                }).ConfigureAwait(false);
            }
            catch when (copy != null)
            {
                // The index child failed after rclone started: rclone ends before anything else is timed.
                await Task.WhenAny(copy).ConfigureAwait(false);
                throw;
            }

            if (copy == null)
            {
                throw new InvalidOperationException($"The raw index child {label} ended without beginning its measured span, so rclone never started.");
            }

            var rclone = await copy.ConfigureAwait(false);

            // Both timestamps are CLOCK_MONOTONIC on Linux, shared by the two processes.
            var copyEnd = Stopwatch.GetElapsedTime(index.BeganAt, copyStartedAt).TotalSeconds + rclone.Seconds;
            return new BothAtOnceRun { Seconds = Math.Max(index.Seconds, copyEnd), IndexSeconds = index.Seconds, RcloneSeconds = rclone.Seconds };
        }
    }
}
