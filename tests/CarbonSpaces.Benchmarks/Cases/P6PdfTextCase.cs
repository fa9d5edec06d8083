using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CarbonSpaces.Benchmarks.Harness;
using CarbonSpaces.Benchmarks.Reference;
using CarbonSpaces.Benchmarks.Report;
using CarbonSpaces.Benchmarks.Work;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace CarbonSpaces.Benchmarks.Cases
{
    /// <summary>
    /// P6: the text of a 100-page text PDF, warm (the extractor has run in the process before),
    /// against `pdftotext -layout` on the same file. Target: ≤ 2 × pdftotext.
    /// </summary>
    internal sealed class P6PdfTextCase : IBenchCase
    {
        public const int Pages = 100;
        private const int LinesPerPage = 45;

        public string Id => "P6";

        public async Task RunAsync(BenchContext context)
        {
            var pdf = Path.Combine(context.Options.WorkDirectory, "p6-report.pdf");
            File.WriteAllBytes(pdf, TextPdf(context, Pages));
            var request = context.Request(ExtractionWork.PdfText, context.Files, null, context.StorePath("unused"));
            request.Inputs.Add(pdf);
            request.Throttle = 1;
            var ours = new List<ChildResult>();
            var references = new List<double>();
            for (var rep = 1; rep <= context.Options.Repetitions; rep++)
            {
                ours.Add(await context.Children.RunAsync(request, "p6-cs").ConfigureAwait(false));
                references.Add(await ToolTimer.RunAsync("pdftotext", new[] { new[] { "-layout", pdf, "-" } }, 1).ConfigureAwait(false));
                context.Log($"P6 rep {rep}: CarbonSpaces {Format.Seconds(ours[^1].Seconds)}, pdftotext -layout {Format.Seconds(references[^1])}");
            }

            var ourMedian = Stats.Median(ours.Select(r => r.Seconds).ToList());
            var referenceMedian = Stats.Median(references);
            var ratio = ourMedian / referenceMedian;
            var row = new ResultRow
            {
                Case = "P6 PDF text",
                Data = $"{Pages}-page text PDF ({new FileInfo(pdf).Length / 1024} KiB, {Format.Count(ours[0].Metric("characters"))} characters), warm",
                CarbonSpaces = Format.Seconds(ourMedian),
                Reference = $"pdftotext -layout {Format.Seconds(referenceMedian)}",
                Ratio = Format.Ratio(ratio),
                Target = "≤ 2 × pdftotext -layout",
                Met = ratio <= 2,
                PeakRss = Format.Mebibytes(ours.Max(r => r.PeakRssBytes)),
                Requests = "none (local)",
            };
            row.Details.Add($"CarbonSpaces runs (PdfPig, page by page in reading order): {Format.Times(ours.Select(r => r.Seconds))} ({Format.Cpu(ours.Select(r => r.CpuSeconds))}); pdftotext runs (a process each, as from a prompt): {Format.Times(references)}");
            row.Details.Add($"the JIT compiler in CarbonSpaces' measured runs (after one warm-up extraction): {Format.Jit(ours)}");
            context.Rows.Add(row);
        }

        /// <summary>A text PDF of natural prose, 45 lines a page, written with PdfPig's writer: the file both sides read.</summary>
        internal static byte[] TextPdf(BenchContext context, int pages)
        {
            var random = new Random(66);
            var builder = new PdfDocumentBuilder();
            var font = builder.AddStandard14Font(Standard14Font.TimesRoman);
            for (var number = 0; number < pages; number++)
            {
                var page = builder.AddPage(PageSize.A4);
                for (var line = 0; line < LinesPerPage; line++)
                {
                    var words = new StringBuilder();
                    context.Text.AppendWords(words, 12, random);
                    page.AddText(words.ToString().Trim(), 10, new PdfPoint(50, 800 - (line * 16)), font);
                }
            }

            return builder.Build();
        }
    }
}
