using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Ingest.Tools;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Engine.Ingest.Extraction.Media
{
    /// <summary>
    /// Audio and video: ffprobe reads what the recording says about itself, ffmpeg takes its audio
    /// track in parts the transcription service accepts, and the service's segments, moved by
    /// where their part starts, become segments that carry their start and end times. Without a
    /// service (or with one that fails) the file fails, but keeps its metadata.
    /// </summary>
    internal sealed class MediaExtractor : IFormatExtractor
    {
        private readonly ToolRunner _tools;
        private readonly Func<ISpeechToText?> _transcription;

        public MediaExtractor(ToolRunner tools, Func<ISpeechToText?> transcription)
        {
            _tools = tools;
            _transcription = transcription;
        }

        public IReadOnlyCollection<string> Formats { get; } = new HashSet<string>(FormatCatalog.Audio.Concat(FormatCatalog.Video), StringComparer.Ordinal);

        public async Task<ExtractedDocument> ExtractAsync(ExtractionContext context)
        {
            using var scratch = new TemporaryFolder();
            var path = context.Content.LocalPath ?? WriteToDisk(context.Content, scratch, context.Format);
            var probe = await MediaProbe.ReadAsync(_tools, path, context).ConfigureAwait(false);
            var mediaType = FormatCatalog.MediaTypeOf(context.Format);
            if (!probe.HasAudio)
            {
                var notice = $"'{context.FileName}' has no audio track, so there is nothing to transcribe and it has no chunks.";
                return new ExtractedDocument(context.Format, Array.Empty<ExtractedSegment>(), metadata: probe.Metadata, notices: new[] { notice });
            }

            var duration = probe.DurationSeconds ?? 0;
            try
            {
                if (duration > context.Limits.MaxMediaDuration.TotalSeconds)
                {
                    throw ExtractionErrors.TooLong(context.FileName, TimeSpan.FromSeconds(duration), context.Limits.MaxMediaDuration);
                }

                var service = _transcription() ?? throw TranscriptionErrors.NotConfiguredFor(context.FileName, mediaType);
                var parts = await AudioTrack.ExtractAsync(_tools, path, scratch.Path, service.MaxUploadBytes, duration, context).ConfigureAwait(false);
                var segments = new SegmentCollector(context);
                foreach (var (part, offset) in parts)
                {
                    var transcript = await service.TranscribeAsync(part, context.FileName, context.Cancellation).ConfigureAwait(false);
                    foreach (var spoken in transcript.Segments)
                    {
                        segments.Add(spoken.Text, startTime: offset + spoken.Start, endTime: offset + spoken.End);
                    }
                }

                return segments.ToDocument(metadata: probe.Metadata);
            }
            catch (CarbonSpacesException ex)
            {
                throw new TextUnavailableException(ex, mediaType, probe.Metadata);
            }
        }

        /// <summary>ffprobe and ffmpeg read files: a small download held in memory is written out first, named with its format as downloads are.</summary>
        private static string WriteToDisk(FileContent content, TemporaryFolder scratch, string format)
        {
            var path = Path.Combine(scratch.Path, "recording." + format.ToLowerInvariant());
            using (var source = content.OpenRead())
            using (var target = File.Create(path))
            {
                source.CopyTo(target);
            }

            return path;
        }
    }
}
