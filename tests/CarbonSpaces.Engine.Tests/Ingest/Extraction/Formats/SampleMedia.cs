using System.Collections.Generic;
using CarbonSpaces.Engine.Tests.TestSupport;

namespace CarbonSpaces.Engine.Tests.Ingest.Extraction.Formats
{
    /// <summary>Recordings made in the test: speech by espeak-ng, everything else by ffmpeg.</summary>
    public static class SampleMedia
    {
        /// <summary>Spoken words in a WAV file (22,050 Hz mono, as espeak-ng writes it).</summary>
        public static void Speech(string wavPath, string words) => ToolProcess.Run("espeak-ng", "-w", wavPath, words);

        /// <summary>Converts a recording (the format follows the extension), with tags if given.</summary>
        public static void Convert(string input, string output, string? title = null, string? artist = null)
        {
            var arguments = new List<string> { "-nostdin", "-v", "error", "-y", "-i", input };
            if (title != null)
            {
                arguments.AddRange(new[] { "-metadata", $"title={title}" });
            }

            if (artist != null)
            {
                arguments.AddRange(new[] { "-metadata", $"artist={artist}" });
            }

            if (output.EndsWith(".pcm", System.StringComparison.Ordinal))
            {
                // Raw samples, as speech tools write them: 16-bit little-endian, mono, 16 kHz.
                arguments.AddRange(new[] { "-f", "s16le", "-ar", "16000", "-ac", "1" });
            }

            arguments.Add(output);
            ToolProcess.Run("ffmpeg", arguments.ToArray());
        }

        /// <summary>A 320 × 240 H.264 video whose sound is <paramref name="wavPath"/>.</summary>
        public static void Video(string wavPath, string mp4Path) =>
            ToolProcess.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=blue:s=320x240:r=10", "-i", wavPath,
                "-shortest", "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", mp4Path);

        /// <summary>A video with no sound at all.</summary>
        public static void SilentVideo(string mp4Path, int seconds) =>
            ToolProcess.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"color=c=green:s=160x120:r=5:d={seconds}",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", mp4Path);

        /// <summary>A steady tone of <paramref name="seconds"/> seconds (long recordings without minutes of speech synthesis).</summary>
        public static void Tone(string path, int seconds) =>
            ToolProcess.Run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", $"sine=frequency=440:duration={seconds}", "-ac", "1", path);
    }
}
