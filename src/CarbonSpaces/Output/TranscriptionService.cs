using System;
using EngineTranscription = CarbonSpaces.Engine.Services.Transcription;

namespace CarbonSpaces
{
    /// <summary>The speech-to-text service audio and video are transcribed with; where its key comes from, never the key.</summary>
    public sealed class TranscriptionService
    {
        internal TranscriptionService(EngineTranscription.TranscriptionSettings settings)
        {
            Provider = settings.Provider;
            Endpoint = settings.Endpoint.AbsoluteUri;
            Model = settings.Model;
            ApiKeySource = settings.ApiKey?.ToString();
            MaxUploadMB = (int)(settings.MaxUploadBytes / (1024 * 1024));
            UpdatedAt = settings.UpdatedAt;
        }

        /// <summary>The protocol: OpenAI (also Azure OpenAI, Groq, whisper.cpp, faster-whisper, LocalAI).</summary>
        public string Provider { get; }

        /// <summary>The API base; requests go to {Endpoint}/audio/transcriptions.</summary>
        public string Endpoint { get; }

        public string Model { get; }

        /// <summary>Where the key comes from (Session, Environment:NAME, SecretManagement:NAME@VAULT); null when the service needs none. Never the key itself.</summary>
        public string? ApiKeySource { get; }

        /// <summary>Audio over this size is sent in parts.</summary>
        public int MaxUploadMB { get; }

        public DateTimeOffset UpdatedAt { get; }
    }
}
