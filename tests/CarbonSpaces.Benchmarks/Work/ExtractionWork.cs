using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Engine.Ingest.Extraction;

namespace CarbonSpaces.Benchmarks.Work
{
    /// <summary>
    /// P6 and P7, the extraction step of a file build: DocumentExtractor over files on disk, as the
    /// builder hands it a large download. P6 reads one PDF; P7 reads page images with OCR, at most
    /// <see cref="ChildRequest.Throttle"/> at a time, as -ThrottleLimit runs builds.
    /// </summary>
    internal sealed class ExtractionWork : IWork
    {
        public const string PdfText = "pdf-text";
        public const string Ocr = "ocr";

        private readonly DocumentExtractor _extractor = new DocumentExtractor();

        /// <summary>The first input once: every path of the extractor (and the tool start for OCR) is run before the measured span.</summary>
        public Task WarmUpAsync(ChildRequest request) => ExtractAsync(request.Inputs[0]);

        public async Task RunAsync(ChildRequest request, ChildResult result)
        {
            using var slots = new SemaphoreSlim(request.Throttle);
            long characters = 0;
            result.Begin();
            await Task.WhenAll(request.Inputs.Select(async path =>
            {
                await slots.WaitAsync().ConfigureAwait(false);
                try
                {
                    Interlocked.Add(ref characters, await ExtractAsync(path).ConfigureAwait(false));
                }
                finally
                {
                    slots.Release();
                }
            })).ConfigureAwait(false);
            result.End();
            result.Metrics["characters"] = characters;
        }

        private async Task<long> ExtractAsync(string path)
        {
            var document = await _extractor.ExtractAsync(FileContent.FromFile(path), System.IO.Path.GetFileName(path), null, ExtractionOptions.Default, CancellationToken.None).ConfigureAwait(false);
            return document.Segments.Sum(segment => (long)segment.Text.Length);
        }
    }
}
