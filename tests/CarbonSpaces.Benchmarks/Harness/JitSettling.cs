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
    /// </summary>
    internal static class JitSettling
    {
        private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
        private const int QuietPolls = 3;
        private static readonly TimeSpan Longest = TimeSpan.FromSeconds(20);

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
