using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Ingest.Tools;

namespace CarbonSpaces.Engine.Ingest.Extraction.Media
{
    /// <summary>What ffprobe says about a recording: its length, its audio and video streams and its tags.</summary>
    internal sealed class MediaProbe
    {
        private static readonly TimeSpan ProbeTimeout = TimeSpan.FromMinutes(1);

        private MediaProbe(DocumentMetadata metadata, double? durationSeconds, bool hasAudio)
        {
            Metadata = metadata;
            DurationSeconds = durationSeconds;
            HasAudio = hasAudio;
        }

        /// <summary>DurationSeconds, AudioCodec, SampleRate, Channels, Title, Artist, and for video VideoCodec, Width, Height.</summary>
        public DocumentMetadata Metadata { get; }

        public double? DurationSeconds { get; }

        public bool HasAudio { get; }

        /// <exception cref="System.IO.InvalidDataException">When ffprobe cannot read the file (the caller reports a damaged file).</exception>
        public static async Task<MediaProbe> ReadAsync(ToolRunner tools, string path, ExtractionContext context)
        {
            var run = new ToolRun(ExternalTool.Ffprobe, context.FileName, new[] { "-v", "error", "-print_format", "json", "-show_format", "-show_streams" }.Concat(MediaInput.Arguments(context.Format, path)).ToList(), ProbeTimeout)
            {
                TimeoutName = "one minute for ffprobe",
            };
            var result = await tools.RunAsync(run, context.Cancellation).ConfigureAwait(false);
            if (result.ExitCode != 0)
            {
                throw new System.IO.InvalidDataException($"ffprobe could not read it: {ToolMessages.Clean(result.Error, path)}");
            }

            using var json = JsonDocument.Parse(result.Output);
            return Parse(json.RootElement);
        }

        private static MediaProbe Parse(JsonElement root)
        {
            var metadata = new DocumentMetadata();
            var format = root.TryGetProperty("format", out var f) ? f : default;
            var streams = root.TryGetProperty("streams", out var s) && s.ValueKind == JsonValueKind.Array ? s.EnumerateArray().ToList() : new System.Collections.Generic.List<JsonElement>();

            var duration = Number(format, "duration");
            metadata.Set(MetadataKeys.DurationSeconds, duration.HasValue ? Math.Round(duration.Value, 3) : (double?)null);

            var audio = streams.FirstOrDefault(stream => Text(stream, "codec_type") == "audio");
            var hasAudio = audio.ValueKind == JsonValueKind.Object;
            if (hasAudio)
            {
                metadata.Set(MetadataKeys.AudioCodec, Text(audio, "codec_name"));
                metadata.Set(MetadataKeys.SampleRate, (long?)Number(audio, "sample_rate"));
                metadata.Set(MetadataKeys.Channels, (long?)Number(audio, "channels"));
            }

            // Cover art in an MP3 or M4A is a video stream too, marked as an attached picture.
            var video = streams.FirstOrDefault(stream => Text(stream, "codec_type") == "video" && !IsAttachedPicture(stream));
            if (video.ValueKind == JsonValueKind.Object)
            {
                metadata.Set(MetadataKeys.VideoCodec, Text(video, "codec_name"));
                metadata.Set(MetadataKeys.Width, (long?)Number(video, "width"));
                metadata.Set(MetadataKeys.Height, (long?)Number(video, "height"));
            }

            metadata.Set(MetadataKeys.Title, Tag(format, audio, "title"));
            metadata.Set(MetadataKeys.Artist, Tag(format, audio, "artist"));
            return new MediaProbe(metadata, duration, hasAudio);
        }

        private static bool IsAttachedPicture(JsonElement stream) =>
            stream.TryGetProperty("disposition", out var disposition) && disposition.TryGetProperty("attached_pic", out var flag) && flag.ValueKind == JsonValueKind.Number && flag.GetInt32() == 1;

        /// <summary>Containers name tags in any case ("TITLE" in Ogg and Matroska), and Ogg keeps them on the stream.</summary>
        private static string? Tag(JsonElement format, JsonElement stream, string name)
        {
            foreach (var owner in new[] { format, stream })
            {
                if (owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty("tags", out var tags) && tags.ValueKind == JsonValueKind.Object)
                {
                    foreach (var tag in tags.EnumerateObject())
                    {
                        if (string.Equals(tag.Name, name, StringComparison.OrdinalIgnoreCase))
                        {
                            return tag.Value.GetString();
                        }
                    }
                }
            }

            return null;
        }

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>ffprobe writes most numbers as strings ("22050", "2.266667") and some as numbers (channels).</summary>
        private static double? Number(JsonElement element, string name)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
            {
                return null;
            }

            if (value.ValueKind == JsonValueKind.Number)
            {
                return value.GetDouble();
            }

            return value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : (double?)null;
        }
    }
}
