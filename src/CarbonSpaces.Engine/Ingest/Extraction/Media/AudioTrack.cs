using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Ingest.Tools;

namespace CarbonSpaces.Engine.Ingest.Extraction.Media
{
    /// <summary>
    /// The audio of a recording as the transcription service gets it: ffmpeg takes the first audio
    /// track (of a video too), makes it mono MP3 at 16 kHz and 64 kbit/s (speech models hear
    /// 16 kHz mono anyway, and a 25 MB upload then holds 50 minutes), and cuts it into parts that
    /// each fit the service's upload limit.
    /// </summary>
    internal static class AudioTrack
    {
        private const int BytesPerSecond = 64_000 / 8;

        /// <summary>A part cut at the limit would come out a little over it (frame and header overhead): parts aim at 95 %.</summary>
        private const double PartFill = 0.95;

        /// <summary>The parts, in order, each with where it starts in the recording.</summary>
        public static async Task<IReadOnlyList<(string Path, TimeSpan Offset)>> ExtractAsync(
            ToolRunner tools, string input, string folder, long maxUploadBytes, double durationSeconds, ExtractionContext context)
        {
            var partSeconds = Math.Max(10, (int)(maxUploadBytes * PartFill / BytesPerSecond));
            var pattern = Path.Combine(folder, "part-%05d.mp3");
            var list = Path.Combine(folder, "parts.csv");
            var arguments = new List<string> { "-nostdin", "-v", "error", "-y" };
            arguments.AddRange(MediaInput.Arguments(context.Format, input));
            arguments.AddRange(new[]
            {
                "-map", "0:a:0", "-vn", "-ac", "1", "-ar", "16000",
                "-c:a", "libmp3lame", "-b:a", "64k",
                "-f", "segment", "-segment_time", partSeconds.ToString(CultureInfo.InvariantCulture), "-reset_timestamps", "1",
                "-segment_list", list, "-segment_list_type", "csv",
                pattern,
            });

            // ffmpeg reads audio many times faster than it plays; the bound only stops a hang.
            var timeout = TimeSpan.FromMinutes(2) + TimeSpan.FromSeconds(durationSeconds / 2);
            var run = new ToolRun(ExternalTool.Ffmpeg, context.FileName, arguments, timeout) { TimeoutName = "2 minutes plus half the recording's length, for ffmpeg" };
            var result = await tools.RunAsync(run, context.Cancellation).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new InvalidDataException($"ffmpeg could not take its audio: {ToolMessages.Clean(result.Error, input)}");
            }

            // Each line of the list is "file,start,end": where the part really starts, cut at an MP3 frame.
            return File.ReadAllLines(list)
                .Where(line => line.Length > 0)
                .Select(line => line.Split(','))
                .Select(fields => (Path.Combine(folder, fields[0]), TimeSpan.FromSeconds(double.Parse(fields[1], CultureInfo.InvariantCulture))))
                .ToList();
        }
    }
}
