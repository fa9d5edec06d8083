using System.Collections.Generic;

namespace CarbonSpaces.Engine.Ingest.Extraction.Media
{
    /// <summary>
    /// How ffprobe and ffmpeg are told what they read. Containers announce themselves; raw PCM has
    /// no header at all, so a .pcm file is read as what speech tools write by default: 16-bit
    /// little-endian samples, mono, 16 kHz.
    /// </summary>
    internal static class MediaInput
    {
        public static IEnumerable<string> Arguments(string format, string path)
        {
            if (format == "PCM")
            {
                yield return "-f";
                yield return "s16le";
                yield return "-ar";
                yield return "16000";
                yield return "-ac";
                yield return "1";
            }

            yield return "-i";
            yield return path;
        }
    }
}
