using System;
using System.Collections.Generic;
using System.Runtime;
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
        /// Warm-up passes, each followed by a wait until the JIT compiler is idle, until a pass
        /// compiles fewer than <see cref="SteadyPassMethods"/> methods. Tiered compilation promotes a
        /// method only after ~30 calls counted while no new code is being compiled, first to an
        /// instrumented tier and then to its final code: with 60 objects a pass, the third pass of a
        /// listing child still compiled 170 to 1,900 methods, the fourth 30 to 900. Paths that only
        /// get hot at scale still compile in the measured span; the results say how long.
        /// </summary>
        internal const int MinWarmUpPasses = 3;

        internal const int MaxWarmUpPasses = 8;

        internal const int SteadyPassMethods = 100;

        /// <summary>
        /// Keys per listing page in the warm-up passes. The warm-up bucket's 60 objects in one page
        /// would call the per-request path (the SDK's pipeline, the page's SQL) once a pass, leaving
        /// its promotions, some 1,000 methods and over a second of JIT, to the measured span of a
        /// 100-page listing; one key a page calls it as often as the per-object path.
        /// </summary>
        internal const int WarmUpPageSize = 1;

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
                    while (!WarmEnough(result.WarmUpMethods))
                    {
                        var compiled = JitInfo.GetCompiledMethodCount();
                        await work.WarmUpAsync(request).ConfigureAwait(false);
                        ReadServerCpuAsSpansDo();
                        await JitSettling.WaitAsync().ConfigureAwait(false);
                        result.WarmUpMethods.Add(JitInfo.GetCompiledMethodCount() - compiled);
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

        /// <param name="compiledPerPass">The methods each pass so far compiled.</param>
        private static bool WarmEnough(IReadOnlyList<long> compiledPerPass) =>
            compiledPerPass.Count >= MaxWarmUpPasses
            || (compiledPerPass.Count >= MinWarmUpPasses && compiledPerPass[compiledPerPass.Count - 1] < SteadyPassMethods);

        /// <summary>
        /// A span's start and end read <see cref="ServerCpu"/> and <see cref="PostgresCpu"/>, which walk every process in /proc,
        /// hundreds of file reads a time. Unless the warm-up does it too, the runtime's promotions of
        /// those library paths are compiled during the first span.
        /// </summary>
        private static void ReadServerCpuAsSpansDo()
        {
            for (var i = 0; i < 10; i++)
            {
                ServerCpu.Seconds();
                PostgresCpu.Seconds();
            }
        }
    }
}
