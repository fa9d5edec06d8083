using System;
using System.Collections.Generic;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>What a service heard in one piece of audio: its segments, with times from the start of that piece.</summary>
    public sealed class Transcript
    {
        public Transcript(IReadOnlyList<TranscriptSegment> segments)
        {
            Segments = segments;
        }

        public IReadOnlyList<TranscriptSegment> Segments { get; }
    }

    /// <summary>A stretch of speech and when it was spoken.</summary>
    public sealed class TranscriptSegment
    {
        public TranscriptSegment(TimeSpan start, TimeSpan end, string text)
        {
            Start = start;
            End = end;
            Text = text;
        }

        public TimeSpan Start { get; }

        public TimeSpan End { get; }

        public string Text { get; }
    }
}
