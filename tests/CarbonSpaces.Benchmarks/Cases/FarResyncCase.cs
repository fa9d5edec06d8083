using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Seeding;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P4r: Invoke-CarbonResync of every file of an unchanged corpus synced through the far endpoint,
    /// against the raw sequential ListObjectsV2 loop of that bucket through the same proxy. No GET
    /// allowed. Twice: the small-files corpus (P3a-r's store), and <see cref="BenchOptions.Scale"/> of P1's
    /// objects as text files, synced through the proxy first: the size the issue's target names.
    /// </summary>
    internal sealed class FarResyncCase : IBenchCase
    {
        public const double Target = 0.35;

        /// <summary>The scale corpus's sync is preparation, not measured: as many at once as its round trips can use.</summary>
        private const int PreparationThrottle = 64;

        public string Id => "P4r";

        public async Task RunAsync(BenchContext context)
        {
            var options = context.Options;
            var store = context.StorePath("p4r");
            if (context.FarFilesStore != null)
            {
                P4ResyncCase.CopyStore(context.FarFilesStore, store);
            }
            else
            {
                // P3a-r did not run: sync the corpus through the proxy (not measured), so the files know the far endpoint.
                await context.Children.RunAsync(FarFileSyncCase.Sync(context, context.Far.Files, store, options.Throttle), "p4r-prep").ConfigureAwait(false);
            }

            await MeasureAsync(context, context.Far.Files, Corpus.SmallFilesBucket, options.SmallFiles, "small-files corpus", store).ConfigureAwait(false);

            var scaleStore = context.StorePath("p4r-scale");
            var sync = await context.Children.RunAsync(FarFileSyncCase.Sync(context, context.Far.Items, scaleStore, PreparationThrottle, Corpus.FarTextBucket), "p4r-scale-prep").ConfigureAwait(false);
            context.Log($"P4r: {Format.Count(options.Scale)} objects of {Corpus.FarTextBucket} synced as files through the proxy in {Format.Seconds(sync.Seconds)} (not measured)");
            await MeasureAsync(context, context.Far.Items, Corpus.FarTextBucket, options.Scale, "P1-like text files", scaleStore).ConfigureAwait(false);
        }

        private static async Task MeasureAsync(BenchContext context, S3Account account, string bucket, int files, string corpus, string store)
        {
            var options = context.Options;
            var ours = new List<ChildResult>();
            var theirs = new List<ChildResult>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                // Its warm-up store is synced as P3a-r's was (file syncs in the benchmark skip embeddings).
                var resync = await context.Children.RunAsync(context.Request(ResyncWork.Name, account, null, store), "p4r-resync").ConfigureAwait(false);
                ours.Add(resync);
                var raw = await context.Children.RunAsync(context.Request(RawListWork.Name, account, bucket, context.StorePath("unused")), "p4r-raw").ConfigureAwait(false);
                theirs.Add(raw);
                context.Log($"P4r {Format.Count(files)} rep {rep}: resync {Format.Seconds(resync.Seconds)} ({resync.Metric("ready"):N0} of {resync.Metric("files"):N0} ready; {Format.Requests(resync.Requests)}), raw ListObjectsV2 {Format.Seconds(raw.Seconds)} ({raw.Metric("pages")} pages)");
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var theirMedian = Stats.Median(theirs.Select(r => r.Seconds).ToList());
            var ratio = ourMedian / theirMedian;
            var gets = ours.Max(r => r.Requests.GetValueOrDefault("GetObject"));
            var row = new ResultRow
            {
                Case = "P4r resync (Invoke-CarbonResync, all files), far",
                Data = $"unchanged {corpus}: {Format.Count(files)} files, {context.Far.Describe()}",
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"raw ListObjectsV2, sequential, {Format.Seconds(theirMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = $"ratio ≤ {Target}; 0 GETs",
                Met = ratio <= Target && gets == 0,
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = Format.Requests(ours[0].Requests, "ListObjectsV2", "GetObject"),
            };
            row.Details.Add($"resync runs: {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); reading the files from the store alone {Format.Seconds(Stats.Median(ours.Select(r => r.Metric("readFilesSeconds")).ToList()))}");
            row.Details.Add($"raw ListObjectsV2 runs: {Format.Times(theirs.Select(r => r.Seconds))} ({Format.Cpu(theirs.Select(r => r.CpuSeconds))}), {theirs[0].Metric("pages")} pages one after another");
            row.Details.Add($"the S3 server's CPU (radosgw and Ceph, same cores) during CarbonSpaces' runs: {Format.Times(ours.Select(r => r.ServerCpuSeconds))}; during the raw loop's: {Format.Times(theirs.Select(r => r.ServerCpuSeconds))}");
            context.Rows.Add(row);
        }
    }
}
