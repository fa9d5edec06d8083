using System;
using System.Net.Http;
using System.Threading;
using CarbonSpaces.Engine.Common;
using CarbonSpaces.Engine.Storage;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>
    /// Set-/Get-CarbonTranscriptionService, and the client audio and video are transcribed with.
    /// The settings are read once as the engine opens (builds run on worker threads and must not
    /// touch the store); the key is resolved on first use, so a sync without media never asks for it.
    /// </summary>
    public sealed class TranscriptionService : IDisposable
    {
        /// <summary>Long recordings take a while to transcribe even split into 25 MB parts.</summary>
        private static readonly TimeSpan RequestTimeout = TimeSpan.FromMinutes(30);

        private readonly IStore _store;
        private readonly IServiceKeyHost? _host;
        private readonly TranscriptionRetry _retry;
        private readonly Lazy<HttpClient> _http = new Lazy<HttpClient>(() => new HttpClient { Timeout = RequestTimeout }, LazyThreadSafetyMode.ExecutionAndPublication);
        private Lazy<ISpeechToText>? _client;
        private TranscriptionSettings? _settings;

        internal TranscriptionService(IStore store, IServiceKeyHost? host, TranscriptionRetry retry)
        {
            _store = store;
            _host = host;
            _retry = retry;
            Use(store.Settings.ReadTranscription());
        }

        /// <summary>The service set for this store, or null when none is.</summary>
        public TranscriptionSettings? Get() => _settings;

        /// <summary>Saves <paramref name="settings"/> as the store's service (replacing any other).</summary>
        /// <param name="sessionKey">A key given for this session only: kept in this process's memory, never stored.</param>
        /// <exception cref="CarbonSpacesException">CarbonSpaces.InvalidTranscriptionService when a setting cannot work.</exception>
        public TranscriptionSettings Set(TranscriptionSettings settings, string? sessionKey = null)
        {
            Validate(settings);
            var saved = new TranscriptionSettings
            {
                Provider = TranscriptionSettings.OpenAiProvider,
                Endpoint = settings.Endpoint,
                Model = settings.Model.Trim(),
                ApiKey = sessionKey == null ? settings.ApiKey : ApiKeySource.InSession(KeyOwner(settings.Endpoint), sessionKey),
                MaxUploadBytes = settings.MaxUploadBytes,
                UpdatedAt = DateTimeOffset.UtcNow,
            };
            using (var work = _store.BeginWrite())
            {
                _store.Settings.WriteTranscription(work, saved);
                work.Commit();
            }

            Use(saved);
            return saved;
        }

        /// <summary>The client for the configured service, or null when none is set.</summary>
        /// <exception cref="CarbonSpacesException">CarbonSpaces.ApiKeyMissing when its key cannot be had.</exception>
        public ISpeechToText? Client => _client?.Value;

        public void Dispose()
        {
            if (_http.IsValueCreated)
            {
                _http.Value.Dispose();
            }
        }

        private void Use(TranscriptionSettings? settings)
        {
            _settings = settings;
            _client = settings == null
                ? null
                : new Lazy<ISpeechToText>(
                    () => new OpenAiTranscriptionClient(_http.Value, settings, settings.ApiKey?.Resolve(KeyOwner(settings.Endpoint), "Set-CarbonTranscriptionService", _host), _retry),
                    LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>What the key is given for, in messages and in this session's memory.</summary>
        private static string KeyOwner(Uri endpoint) => $"the transcription service at {endpoint.AbsoluteUri}";

        private static void Validate(TranscriptionSettings settings)
        {
            if (!string.Equals(settings.Provider, TranscriptionSettings.OpenAiProvider, StringComparison.OrdinalIgnoreCase))
            {
                throw Invalid($"-Provider '{settings.Provider}' is not one CarbonSpaces speaks; use OpenAI (the protocol OpenAI, Azure OpenAI, Groq, whisper.cpp, faster-whisper and LocalAI accept).", settings.Provider);
            }

            if (!settings.Endpoint.IsAbsoluteUri || (settings.Endpoint.Scheme != Uri.UriSchemeHttps && settings.Endpoint.Scheme != Uri.UriSchemeHttp))
            {
                throw Invalid($"-Endpoint '{settings.Endpoint}' must be an http or https address, such as https://api.openai.com/v1.", settings.Endpoint);
            }

            if (string.IsNullOrWhiteSpace(settings.Model))
            {
                throw Invalid("-Model must name the model to transcribe with, such as whisper-1.", settings.Model);
            }

            if (settings.ApiKey != null && settings.ApiKey.Kind != ApiKeyKind.Session && string.IsNullOrWhiteSpace(settings.ApiKey.Name))
            {
                throw Invalid("A key from SecretManagement or the environment needs the secret's or variable's name.", settings.ApiKey.Kind);
            }

            if (settings.MaxUploadBytes < 1024 * 1024)
            {
                throw Invalid($"-MaxUploadMB must be at least 1; {settings.MaxUploadBytes / (1024 * 1024)} was given.", settings.MaxUploadBytes);
            }
        }

        private static CarbonSpacesException Invalid(string message, object target) =>
            new CarbonSpacesException("CarbonSpaces.InvalidTranscriptionService", FailureKind.InvalidArgument, message, target);
    }
}
