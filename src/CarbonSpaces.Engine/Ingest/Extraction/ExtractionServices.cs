using System;
using CarbonSpaces.Engine.Ingest.Tools;
using CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces.Engine.Ingest.Extraction
{
    /// <summary>What extractors use beyond the file itself: external tools and the transcription service. One per engine.</summary>
    public sealed class ExtractionServices
    {
        public ExtractionServices(ToolRunner tools, Func<ISpeechToText?>? transcription = null)
        {
            Tools = tools;
            Transcription = transcription ?? (() => null);
        }

        /// <summary>Tools found on PATH or through their CARBONSPACES_* variables, and no transcription service.</summary>
        public static ExtractionServices FromEnvironment() => new ExtractionServices(new ToolRunner(new ToolLocator()));

        public ToolRunner Tools { get; }

        /// <summary>The client of the configured transcription service, or null when none is set (asked for per file, so a key is only looked up when a recording needs it).</summary>
        public Func<ISpeechToText?> Transcription { get; }
    }
}
