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
            KeySource = settings.KeySource.ToString();
            KeyName = settings.KeyName;
            Vault = settings.KeyVault;
            MaxUploadMB = (int)(settings.MaxUploadBytes / (1024 * 1024));
            UpdatedAt = settings.UpdatedAt;
        }

        /// <summary>The protocol: OpenAI (also Azure OpenAI, Groq, whisper.cpp, faster-whisper, LocalAI).</summary>
        public string Provider { get; }

        /// <summary>The API base; requests go to {Endpoint}/audio/transcriptions.</summary>
        public string Endpoint { get; }

        public string Model { get; }

        /// <summary>None, Session, SecretManagement or Environment.</summary>
        public string KeySource { get; }

        /// <summary>The secret name (SecretManagement) or the variable name (Environment).</summary>
        public string? KeyName { get; }

        public string? Vault { get; }

        /// <summary>Audio over this size is sent in parts.</summary>
        public int MaxUploadMB { get; }

        public DateTimeOffset UpdatedAt { get; }
    }
}
