using System;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>The speech-to-text service audio and video files are transcribed with (one per store).</summary>
    public sealed class TranscriptionSettings
    {
        /// <summary>OpenAI's limit for one upload; Azure OpenAI and Groq's free tier share it.</summary>
        public const long DefaultMaxUploadBytes = 25L * 1024 * 1024;

        public const string OpenAiProvider = "OpenAI";

        public string Provider { get; init; } = OpenAiProvider;

        /// <summary>The API base, e.g. https://api.openai.com/v1; requests go to {Endpoint}/audio/transcriptions.</summary>
        public Uri Endpoint { get; init; } = new Uri("https://api.openai.com/v1");

        public string Model { get; init; } = "whisper-1";

        /// <summary>Where the key comes from; null for a local server (whisper.cpp, faster-whisper, LocalAI) that needs none.</summary>
        public ApiKeySource? ApiKey { get; init; }

        /// <summary>Audio larger than this is split into parts, each sent on its own.</summary>
        public long MaxUploadBytes { get; init; } = DefaultMaxUploadBytes;

        public DateTimeOffset UpdatedAt { get; init; }
    }
}
