using System;
using System.Diagnostics;
using System.Runtime;
using System.Threading.Tasks;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// Waits for the runtime's background compiler: after a warm-up, tiered compilation keeps
    /// recompiling the methods that became hot for a while. A measured span that starts before it
    /// is done pays for that work (seconds of CPU on 2 cores) and measures a module still warming.
    /// The wait is capped so that some 40 warm children keep a full run under 20 minutes: what is
    /// still compiling then goes on during the next pass (or shows in the span's JIT time).
    /// </summary>
    internal static class JitSettling
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(150);
        private const int QuietPolls = 2;
        private static readonly TimeSpan Longest = TimeSpan.FromSeconds(2);

        public static async Task WaitAsync()
        {
            var clock = Stopwatch.StartNew();
            var compiled = JitInfo.GetCompiledMethodCount();
            var quiet = 0;
            while (quiet < QuietPolls && clock.Elapsed < Longest)
            {
                await Task.Delay(Poll).ConfigureAwait(false);
                var now = JitInfo.GetCompiledMethodCount();
                quiet = now == compiled ? quiet + 1 : 0;
                compiled = now;
            }
        }
    }
}
