using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Ingest.Tools;

namespace CarbonSpaces.Engine.Ingest.Extraction.Image
{
    /// <summary>
    /// Reads the text of an image with tesseract. Each run is one process with one OpenMP thread:
    /// with its default thread count, parallel runs on a busy machine fight over the cores and a
    /// page took 9–17 s instead of 3; CarbonSpaces gets its parallelism from -ThrottleLimit instead.
    /// </summary>
    internal sealed class TesseractOcr
    {
        private static readonly IReadOnlyDictionary<string, string> OneThread = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" };

        private readonly ToolRunner _tools;

        public TesseractOcr(ToolRunner tools)
        {
            _tools = tools;
        }

        /// <summary>The text of the image file at <paramref name="path"/>, or of <paramref name="image"/> given on standard input.</summary>
        /// <exception cref="InvalidDataException">When tesseract cannot read the image (the caller reports a damaged file).</exception>
        public async Task<string> ReadAsync(string? path, ReadOnlyMemory<byte> image, ExtractionContext context)
        {
            var run = new ToolRun(ExternalTool.Tesseract, context.FileName, new[] { path ?? "stdin", "stdout" }, context.Limits.OcrTimeout)
            {
                Input = path == null ? image : (ReadOnlyMemory<byte>?)null,
                Environment = OneThread,
                TimeoutName = "OcrTimeout",
            };
            var result = await _tools.RunAsync(run, context.Cancellation).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidDataException($"tesseract could not read it as an image: {Cause(result.Error)}");
            }

            // Tesseract ends each page with a form feed.
            return Encoding.UTF8.GetString(result.Output).Replace("\f", "\n");
        }

        /// <summary>Leptonica names the cause on its first "Error in" line ("cannot read compressed BMP files"); tesseract's own last line only says that it failed.</summary>
        private static string Cause(string error)
        {
            var lines = error.Trim().Split('\n').Select(line => line.Trim()).Where(line => line.Length > 0).ToList();
            return lines.FirstOrDefault(line => line.StartsWith("Error in ", StringComparison.Ordinal)) ?? lines.LastOrDefault() ?? "it gave no reason";
        }
    }
}
