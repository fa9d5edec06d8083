using System;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// The child side: warm up, reset the RSS high-water mark, run the measured work, write the
    /// result. One work per process gives each case its own clean peak RSS.
    /// </summary>
    internal static class ChildHost
    {
        /// <summary>
        /// Warm-up passes, each followed by a wait until the JIT compiler is idle. Tiered compilation
        /// promotes a method only after ~30 calls counted since the runtime began counting, first to
        /// an instrumented tier and then to its final code: one pass leaves most of that work to the
        /// measured span. Paths that only get hot at scale still compile in it; the results say how long.
        /// </summary>
        internal const int WarmUpPasses = 3;

        public static async Task<int> RunAsync(string requestPath, string resultPath)
        {
            Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");
            var request = ChildRequest.Load(requestPath);
            var result = new ChildResult();
            try
            {
                var work = WorkCatalog.Create(request.Work);
                if (!request.SkipWarmUp)
                {
                    for (var pass = 0; pass < WarmUpPasses; pass++)
                    {
                        await work.WarmUpAsync(request).ConfigureAwait(false);
                        await JitSettling.WaitAsync().ConfigureAwait(false);
                    }
                }

                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                result.PeakIsolated = PeakMemory.Reset();
                await work.RunAsync(request, result).ConfigureAwait(false);
                result.PeakRssBytes = PeakMemory.PeakBytes();
            }
            catch (Exception ex)
            {
                result.Error = ex.ToString();
            }

            result.Save(resultPath);
            return result.Error == null ? 0 : 1;
        }
    }
}
