using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Reference;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>P3's raw-index reference: the chunks CarbonSpaces built (read beforehand, not timed) written into a new FTS5 index.</summary>
    internal sealed class RawIndexWork : IWork
    {
        public const string Name = "raw-index";

        public Task WarmUpAsync(ChildRequest request)
        {
            RawFtsIndex.Build(WorkCatalog.ScratchStore(request, "warm-index"), RawFtsIndex.Load(request.SourceStorePath!, request.Bucket, 500));
            return Task.CompletedTask;
        }

        public Task RunAsync(ChildRequest request, ChildResult result)
        {
            var files = RawFtsIndex.Load(request.SourceStorePath!, request.Bucket);
            PeakMemory.Reset();
            result.Begin();
            var written = RawFtsIndex.Build(request.StorePath, files);
            result.End();
            result.Metrics["chunks"] = written;
            result.Metrics["characters"] = files.Sum(f => f.Sum(c => (double)c.Content.Length));
            result.Metrics["storeBytes"] = FileSyncWork.StoreBytes(request.StorePath);
            return Task.CompletedTask;
        }
    }
}
