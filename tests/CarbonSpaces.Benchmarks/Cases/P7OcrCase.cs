using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Reference;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Work;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P7: OCR of 20 page images (P6's pages rendered at 150 dpi by pdftoppm) at the machine's core
    /// count in parallel, against tesseract's command line run on them directly at the same
    /// parallelism, with the same one OpenMP thread a process. Target: ≤ 1.1 × tesseract.
    /// </summary>
    internal sealed class P7OcrCase : IBenchCase
    {
        public const int Images = 20;
        private const int Dpi = 150;

        public string Id => "P7";

        public async Task RunAsync(BenchContext context)
        {
            var folder = Path.Combine(context.Options.WorkDirectory, "p7-pages");
            Directory.CreateDirectory(folder);
            var pdf = Path.Combine(folder, "pages.pdf");
            File.WriteAllBytes(pdf, P6PdfTextCase.TextPdf(context, Images));
            await ToolTimer.RunAsync("pdftoppm", new[] { new[] { "-r", Dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", pdf, Path.Combine(folder, "page") } }, 1).ConfigureAwait(false);
            var images = Directory.GetFiles(folder, "page-*.png").OrderBy(p => p, StringComparer.Ordinal).ToList();
            var parallelism = Environment.ProcessorCount;

            var request = context.Request(ExtractionWork.Ocr, context.Files, null, context.StorePath("unused"));
            request.Inputs.AddRange(images);
            request.Throttle = parallelism;
            var tesseract = images.Select(image => new[] { image, "stdout" }).ToList();
            var oneThread = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };
            var ours = new List<ChildResult>();
            var references = new List<double>();
            for (var rep = 1; rep <= context.Options.Repetitions; rep++)
            {
                ours.Add(await context.Children.RunAsync(request, "p7-cs").ConfigureAwait(false));
                references.Add(await ToolTimer.RunAsync("tesseract", tesseract, parallelism, oneThread).ConfigureAwait(false));
                context.Log($"P7 rep {rep}: CarbonSpaces {Format.Seconds(ours[^1].Seconds)}, tesseract CLI {Format.Seconds(references[^1])}");
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var referenceMedian = Stats.Median(references);
            var ratio = ourMedian / referenceMedian;
            var row = new ResultRow
            {
                Case = "P7 OCR",
                Data = $"{images.Count} page images (A4 at {Dpi} dpi), {parallelism} at a time",
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"tesseract CLI {Format.Seconds(referenceMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = "≤ 1.1 × tesseract CLI",
                Met = ratio <= 1.1,
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = "none (local)",
            };
            row.Details.Add($"CarbonSpaces runs (DocumentExtractor: MetadataExtractor, then tesseract with OMP_THREAD_LIMIT=1): {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}, the module's own; tesseract's CPU is its children's); tesseract CLI runs (`tesseract page.png stdout`, OMP_THREAD_LIMIT=1, same parallelism): {Format.Times(references)}");
            row.Details.Add($"{Format.Count(ours[0].Metric("characters"))} characters read per run");
            context.Rows.Add(row);
        }
    }
}
