using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using CarbonSpaces.Engine.Common;

namespace CarbonSpaces.Engine.Services.Transcription
{
    /// <summary>
    /// OpenAI's transcription protocol: POST {endpoint}/audio/transcriptions as multipart/form-data
    /// with the audio as "file", "model", and response_format=verbose_json, which answers segments
    /// with start and end times. OpenAI, Azure OpenAI, Groq, whisper.cpp's server, faster-whisper
    /// servers and LocalAI all speak it.
    /// </summary>
    internal sealed class OpenAiTranscriptionClient : ISpeechToText
    {
        private readonly HttpClient _http;
        private readonly TranscriptionSettings _settings;
        private readonly string? _apiKey;
        private readonly TranscriptionRetry _retry;

        public OpenAiTranscriptionClient(HttpClient http, TranscriptionSettings settings, string? apiKey, TranscriptionRetry retry)
        {
            _http = http;
            _settings = settings;
            _apiKey = apiKey;
            _retry = retry;
        }

        public long MaxUploadBytes => _settings.MaxUploadBytes;

        private Uri RequestUri => new Uri(_settings.Endpoint.AbsoluteUri.TrimEnd('/') + "/audio/transcriptions");

        public async Task<Transcript> TranscribeAsync(string audioPath, string subject, CancellationToken cancellation)
        {
            for (var attempt = 1; ; attempt++)
            {
                using var response = await SendAsync(audioPath, subject, cancellation).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    var json = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                    return Parse(json, subject);
                }

                var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                if (!TranscriptionRetry.IsRetried(response.StatusCode) || attempt >= _retry.MaxAttempts)
                {
                    throw TranscriptionErrors.Refused(RequestUri, subject, response.StatusCode, ErrorMessageOf(body), attempt);
                }

                await Task.Delay(_retry.DelayAfter(attempt, response), cancellation).ConfigureAwait(false);
            }
        }

        private async Task<HttpResponseMessage> SendAsync(string audioPath, string subject, CancellationToken cancellation)
        {
            using var audio = new FileStream(audioPath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true);
            using var form = new MultipartFormDataContent();
            var file = new StreamContent(audio);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
            form.Add(file, "file", Path.GetFileName(audioPath));
            form.Add(new StringContent(_settings.Model), "model");
            form.Add(new StringContent("verbose_json"), "response_format");
            form.Add(new StringContent("segment"), "timestamp_granularities[]");
            using var request = new HttpRequestMessage(HttpMethod.Post, RequestUri) { Content = form };
            if (!string.IsNullOrEmpty(_apiKey))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
            }

            try
            {
                return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellation).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw TranscriptionErrors.Unreachable(RequestUri, subject, ex);
            }
            catch (TaskCanceledException ex) when (!cancellation.IsCancellationRequested)
            {
                throw TranscriptionErrors.Unreachable(RequestUri, subject, ex);
            }
        }

        /// <summary>verbose_json: {"text": …, "duration": …, "segments": [{"start": s, "end": s, "text": …}]}; a service that gives no segments gives the whole text as one.</summary>
        private static Transcript Parse(string json, string subject)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                var root = document.RootElement;
                var segments = new List<TranscriptSegment>();
                if (root.TryGetProperty("segments", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var segment in list.EnumerateArray())
                    {
                        segments.Add(new TranscriptSegment(
                            TimeSpan.FromSeconds(segment.GetProperty("start").GetDouble()),
                            TimeSpan.FromSeconds(segment.GetProperty("end").GetDouble()),
                            segment.GetProperty("text").GetString() ?? string.Empty));
                    }
                }
                else if (root.TryGetProperty("text", out var text))
                {
                    var duration = root.TryGetProperty("duration", out var seconds) && seconds.ValueKind == JsonValueKind.Number ? seconds.GetDouble() : 0;
                    segments.Add(new TranscriptSegment(TimeSpan.Zero, TimeSpan.FromSeconds(duration), text.GetString() ?? string.Empty));
                }

                return new Transcript(segments);
            }
            catch (Exception ex) when (ex is JsonException || ex is InvalidOperationException || ex is KeyNotFoundException)
            {
                throw TranscriptionErrors.BadAnswer(subject, ex);
            }
        }

        /// <summary>OpenAI-style errors say what was wrong in {"error": {"message": …}}; other servers answer plain text.</summary>
        private static string ErrorMessageOf(string body)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.TryGetProperty("error", out var error))
                {
                    return error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.GetString() ?? body : error.ToString();
                }
            }
            catch (JsonException)
            {
            }

            return body.Length > 300 ? body.Substring(0, 300) : body;
        }
    }
}
