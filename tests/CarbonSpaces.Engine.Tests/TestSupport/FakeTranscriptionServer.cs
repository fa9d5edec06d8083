using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// A transcription service on 127.0.0.1 that speaks OpenAI's real protocol: it takes
    /// POST /v1/audio/transcriptions as multipart/form-data, records what each request carried,
    /// and answers verbose JSON from the segments the test gives it (no speech model runs here),
    /// or the status codes the test asks for.
    /// </summary>
    public sealed class FakeTranscriptionServer : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly ConcurrentQueue<Func<int, Answer>> _scripted = new ConcurrentQueue<Func<int, Answer>>();
        private readonly List<TranscriptionRequest> _requests = new List<TranscriptionRequest>();

        public FakeTranscriptionServer()
        {
            var port = FreePort();
            Endpoint = new Uri($"http://127.0.0.1:{port}/v1");
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        /// <summary>The API base to give Set-CarbonTranscriptionService.</summary>
        public Uri Endpoint { get; }

        /// <summary>What every part of the audio is heard as, unless a scripted answer comes first: (start s, end s, text).</summary>
        public (double Start, double End, string Text)[] Segments { get; set; } = { (0, 1, "hello") };

        public IReadOnlyList<TranscriptionRequest> Requests
        {
            get
            {
                lock (_requests)
                {
                    return _requests.ToList();
                }
            }
        }

        /// <summary>Answers the next request with <paramref name="status"/> (and a Retry-After of 0 for 429 and 503).</summary>
        public void AnswerNext(HttpStatusCode status, string message = "try later") =>
            _scripted.Enqueue(_ => new Answer((int)status, JsonSerializer.Serialize(new { error = new { message } })));

        /// <summary>Answers every request from now on with <paramref name="status"/>, until <see cref="Recover"/>.</summary>
        public void AnswerAlways(HttpStatusCode status) => Down = status;

        public void Recover() => Down = null;

        private HttpStatusCode? Down { get; set; }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return;
                }

                _ = Task.Run(() => Serve(context));
            }
        }

        private void Serve(HttpListenerContext context)
        {
            using var body = new MemoryStream();
            context.Request.InputStream.CopyTo(body);
            var request = TranscriptionRequest.Parse(context.Request, body.ToArray());
            int number;
            lock (_requests)
            {
                _requests.Add(request);
                number = _requests.Count;
            }

            var answer = Down is HttpStatusCode down ? new Answer((int)down, "{\"error\":{\"message\":\"service is down\"}}")
                : _scripted.TryDequeue(out var scripted) ? scripted(number)
                : request.Path != "/v1/audio/transcriptions" ? new Answer(404, "{\"error\":{\"message\":\"no such route\"}}")
                : new Answer(200, VerboseJson());
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            if (answer.Status == 429 || answer.Status == 503)
            {
                context.Response.Headers["Retry-After"] = "0";
            }

            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.OutputStream.Write(bytes, 0, bytes.Length);
            context.Response.Close();
        }

        private string VerboseJson() => JsonSerializer.Serialize(new
        {
            task = "transcribe",
            language = "english",
            duration = Segments.Length == 0 ? 0 : Segments.Max(s => s.End),
            text = string.Join(" ", Segments.Select(s => s.Text)),
            segments = Segments.Select((s, i) => new { id = i, start = s.Start, end = s.End, text = " " + s.Text }),
        });

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        private sealed record Answer(int Status, string Body);
    }

    /// <summary>One request as the service saw it: its route, key, form fields and the uploaded file.</summary>
    public sealed class TranscriptionRequest
    {
        public string Path { get; private set; } = string.Empty;

        public string? Authorization { get; private set; }

        public Dictionary<string, string> Fields { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

        public string? FileName { get; private set; }

        public string? FileContentType { get; private set; }

        public byte[] File { get; private set; } = Array.Empty<byte>();

        /// <summary>Splits a multipart/form-data body at its boundary the way any form parser does.</summary>
        public static TranscriptionRequest Parse(HttpListenerRequest http, byte[] body)
        {
            var request = new TranscriptionRequest { Path = http.Url!.AbsolutePath, Authorization = http.Headers["Authorization"] };
            var contentType = http.ContentType ?? string.Empty;
            var boundaryAt = contentType.IndexOf("boundary=", StringComparison.OrdinalIgnoreCase);
            if (boundaryAt < 0)
            {
                return request;
            }

            var boundary = Encoding.ASCII.GetBytes("--" + contentType.Substring(boundaryAt + 9).Trim('"'));
            var starts = IndexesOf(body, boundary);
            for (var i = 0; i + 1 < starts.Count; i++)
            {
                var partStart = starts[i] + boundary.Length + 2;
                var partEnd = starts[i + 1] - 2;
                var headerEnd = IndexesOf(body, Encoding.ASCII.GetBytes("\r\n\r\n"), partStart).First();
                var headers = Encoding.UTF8.GetString(body, partStart, headerEnd - partStart);
                var content = body.Skip(headerEnd + 4).Take(partEnd - headerEnd - 4).ToArray();
                var name = Between(headers, "name=", ";") ?? string.Empty;
                var fileName = Between(headers, "filename=", ";");
                if (fileName != null)
                {
                    request.FileName = fileName;
                    request.FileContentType = headers.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?.Substring(13).Trim();
                    request.File = content;
                }
                else
                {
                    request.Fields[name] = Encoding.UTF8.GetString(content);
                }
            }

            return request;
        }

        private static string? Between(string headers, string key, string end)
        {
            var at = headers.IndexOf(key, StringComparison.Ordinal);
            if (at < 0)
            {
                return null;
            }

            var rest = headers.Substring(at + key.Length);
            var stop = rest.IndexOfAny(new[] { ';', '\r', '\n' });
            return (stop < 0 ? rest : rest.Substring(0, stop)).Trim().Trim('"');
        }

        private static List<int> IndexesOf(byte[] data, byte[] pattern, int from = 0)
        {
            var found = new List<int>();
            for (var i = from; i <= data.Length - pattern.Length; i++)
            {
                var match = true;
                for (var j = 0; j < pattern.Length && match; j++)
                {
                    match = data[i + j] == pattern[j];
                }

                if (match)
                {
                    found.Add(i);
                    i += pattern.Length - 1;
                }
            }

            return found;
        }
    }
}
