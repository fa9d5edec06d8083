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
                    await work.WarmUpAsync(request).ConfigureAwait(false);
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
