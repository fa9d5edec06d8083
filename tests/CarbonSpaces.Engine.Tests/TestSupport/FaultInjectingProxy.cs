#nullable enable
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace CarbonSpaces.Engine.Tests.TestSupport
{
    /// <summary>
    /// An HTTP proxy on 127.0.0.1 in front of the test RGW that fails requests the way a busy or
    /// flaky S3 endpoint and network do (503 SlowDown, 429, 500, a connection reset before or
    /// during the headers, a body cut off halfway, a slow answer) and forwards the rest untouched: signatures
    /// still verify because the Host header is passed through. It uses nothing but the base
    /// library, so the Pester tests compile this same file with Add-Type.
    /// </summary>
    public sealed class FaultInjectingProxy : IDisposable
    {
        private static readonly HashSet<string> HopByHopHeaders = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Connection", "Keep-Alive", "Transfer-Encoding", "Content-Length", "Proxy-Connection", "Upgrade", "Expect" };

        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly HttpClient _upstream = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false });
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly ConcurrentDictionary<string, int> _attempts = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, int> _byOperation = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<Fault, int> _byFault = new ConcurrentDictionary<Fault, int>();
        private readonly Answer _answer;
        private int _throttlesLeft;
        private int _requests;
        private int _throttled;

        /// <summary>How the throttled requests (the first ones, or those <see cref="ThrottleNext"/> names) are answered.</summary>
        public enum Answer
        {
            SlowDown,
            TooManyRequests,
            Alternating,

            /// <summary>301 PermanentRedirect with x-amz-bucket-region, as Amazon S3 answers for a bucket in another region.</summary>
            WrongRegion,
        }

        /// <summary>What <see cref="Faults"/> does to one request.</summary>
        public enum Fault
        {
            None,
            SlowDown,
            TooManyRequests,
            InternalError,

            /// <summary>
            /// The connection is reset (RST) before any byte of the answer. .NET's connection pool
            /// sends such a request again by itself (up to 3 times), unseen by the engine's retries.
            /// </summary>
            ResetBeforeAnswer,

            /// <summary>The connection is reset in the middle of the status line and headers.</summary>
            ResetDuringHeaders,

            /// <summary>The headers announce the whole body, half of it is sent, then the connection is reset.</summary>
            CutBody,

            /// <summary>The headers announce the whole body, half of it is sent, then nothing more until the proxy stops.</summary>
            StallBody,

            /// <summary>Forwarded after <see cref="Delay"/>.</summary>
            Slow,
        }

        public FaultInjectingProxy(string targetEndpoint, int throttledRequests = 0, Answer answer = Answer.Alternating)
        {
            _target = new Uri(targetEndpoint);
            _throttlesLeft = throttledRequests;
            _answer = answer;
            _listener.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _ = Task.Run(ServeAsync);
        }

        public string Endpoint { get; }

        public int Requests => _requests;

        public int Throttled => _throttled;

        /// <summary>Decides each request's fault (after the throttled ones); none when unset.</summary>
        public Func<ProxiedRequest, Fault>? Faults { get; set; }

        /// <summary>
        /// Fails every attempt of one operation on a bucket (or one object of it) with
        /// <paramref name="fault"/>: a rule a PowerShell script can set, since a script block cannot
        /// run on the proxy's threads.
        /// </summary>
        public void FailEveryAttempt(Fault fault, string operation, string bucket, string? key = null) =>
            Faults = r => r.Operation == operation && r.Bucket == bucket && (key == null || r.Key == key) ? fault : Fault.None;

        /// <summary>How long a <see cref="Fault.Slow"/> request waits.</summary>
        public TimeSpan Delay { get; set; } = TimeSpan.FromMilliseconds(300);

        /// <summary>Throttles the next <paramref name="requests"/> requests (after, say, a data source was connected through the proxy).</summary>
        public void ThrottleNext(int requests) => Interlocked.Exchange(ref _throttlesLeft, requests);

        /// <summary>Requests seen for one operation: ListBuckets, ListObjectsV2, GetObject, HeadObject, or the method otherwise.</summary>
        public int RequestsFor(string operation) => _byOperation.TryGetValue(operation, out var n) ? n : 0;

        /// <summary>How often <paramref name="fault"/> was injected.</summary>
        public int Injected(Fault fault) => _byFault.TryGetValue(fault, out var n) ? n : 0;

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _upstream.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => ServeConnectionAsync(connection));
            }
        }

        /// <summary>
        /// One request a connection (every answer says Connection: close). A client sends a request
        /// that failed on a reused connection again by itself, unseen by the engine; on fresh
        /// connections every request the proxy counts is one the engine sent.
        /// </summary>
        private async Task ServeConnectionAsync(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    connection.NoDelay = true;
                    var stream = connection.GetStream();
                    if (await ReceiveAsync(stream) is { } received)
                    {
                        await AnswerAsync(connection, stream, received);
                    }
                }
                catch (Exception ex) when (ex is IOException || ex is SocketException || ex is ObjectDisposedException || ex is HttpRequestException || ex is OperationCanceledException)
                {
                    // The client went away first (it gave up, or was stopped), or the proxy stopped.
                }
            }
        }

        private async Task AnswerAsync(TcpClient connection, NetworkStream stream, ReceivedRequest received)
        {
            Interlocked.Increment(ref _requests);
            var request = ProxiedRequest.Of(received.Method, received.Target, _attempts);
            _byOperation.AddOrUpdate(request.Operation, 1, (_, n) => n + 1);
            var left = Interlocked.Decrement(ref _throttlesLeft);
            if (left >= 0)
            {
                Interlocked.Increment(ref _throttled);
                if (_answer == Answer.WrongRegion)
                {
                    await RespondAsync(stream, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.", "x-amz-bucket-region: eu-west-1\r\n");
                    return;
                }

                var slowDown = _answer == Answer.SlowDown || (_answer == Answer.Alternating && left % 2 == 0);
                await RespondAsync(stream, slowDown ? 503 : 429, slowDown ? "SlowDown" : "TooManyRequests", "Please reduce your request rate.");
                return;
            }

            var fault = Faults?.Invoke(request) ?? Fault.None;
            if (fault != Fault.None)
            {
                _byFault.AddOrUpdate(fault, 1, (_, n) => n + 1);
            }

            switch (fault)
            {
                case Fault.SlowDown:
                    await RespondAsync(stream, 503, "SlowDown", "Please reduce your request rate.");
                    return;
                case Fault.TooManyRequests:
                    await RespondAsync(stream, 429, "TooManyRequests", "Please reduce your request rate.");
                    return;
                case Fault.InternalError:
                    await RespondAsync(stream, 500, "InternalError", "We encountered an internal error. Please try again.");
                    return;
                case Fault.ResetBeforeAnswer:
                    Reset(connection);
                    return;
                case Fault.ResetDuringHeaders:
                    var partial = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Ty");
                    await stream.WriteAsync(partial, 0, partial.Length);
                    await stream.FlushAsync();
                    Reset(connection);
                    return;
                case Fault.Slow:
                    await Task.Delay(Delay);
                    break;
            }

            using var response = await _upstream.SendAsync(Upstream(received));
            var content = await response.Content.ReadAsByteArrayAsync();
            var cut = fault == Fault.CutBody || fault == Fault.StallBody;
            if (cut && content.Length < 2)
            {
                // Nothing to cut in half (a HEAD, an empty object): the connection is reset instead.
                Reset(connection);
                return;
            }

            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase).Append("\r\n");
            foreach (var header in response.Headers.Concat(response.Content.Headers).Where(h => !HopByHopHeaders.Contains(h.Key)))
            {
                head.Append(header.Key).Append(": ").Append(string.Join(",", header.Value)).Append("\r\n");
            }

            // A HEAD answer announces the object's length and carries no body.
            var length = received.Method == "HEAD" ? response.Content.Headers.ContentLength ?? 0 : content.Length;
            head.Append("Content-Length: ").Append(length).Append("\r\nConnection: close\r\n\r\n");
            var headBytes = Encoding.ASCII.GetBytes(head.ToString());
            await stream.WriteAsync(headBytes, 0, headBytes.Length);
            await stream.WriteAsync(content, 0, cut ? content.Length / 2 : content.Length);
            await stream.FlushAsync();
            if (fault == Fault.StallBody)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, _stop.Token);
            }

            if (cut)
            {
                Reset(connection);
            }
        }

        private HttpRequestMessage Upstream(ReceivedRequest received)
        {
            var request = new HttpRequestMessage(new HttpMethod(received.Method), new Uri(_target, received.Target));
            if (received.Body.Length > 0 || received.Method == "PUT" || received.Method == "POST")
            {
                request.Content = new ByteArrayContent(received.Body);
            }

            foreach (var (name, value) in received.Headers.Where(h => !HopByHopHeaders.Contains(h.Name)))
            {
                if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    // Passed through unchanged: it is part of what the client signed.
                    request.Headers.Host = value;
                }
                else if (!request.Headers.TryAddWithoutValidation(name, value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name, value);
                }
            }

            return request;
        }

        /// <summary>The next request on the connection, or null when the client closed it.</summary>
        private static async Task<ReceivedRequest?> ReceiveAsync(NetworkStream stream)
        {
            var head = new List<byte>();
            var one = new byte[1];
            while (!(head.Count >= 4 && head[head.Count - 4] == '\r' && head[head.Count - 3] == '\n' && head[head.Count - 2] == '\r' && head[head.Count - 1] == '\n'))
            {
                if (await stream.ReadAsync(one, 0, 1) == 0)
                {
                    return null;
                }

                head.Add(one[0]);
            }

            var lines = Encoding.ASCII.GetString(head.ToArray()).Split(new[] { "\r\n" }, StringSplitOptions.RemoveEmptyEntries);
            var requestLine = lines[0].Split(' ');
            var headers = lines.Skip(1).Select(line => line.Split(new[] { ':' }, 2)).Select(p => (Name: p[0].Trim(), Value: p[1].Trim())).ToList();
            if (headers.Any(h => string.Equals(h.Name, "Expect", StringComparison.OrdinalIgnoreCase) && h.Value.Equals("100-continue", StringComparison.OrdinalIgnoreCase)))
            {
                var proceed = Encoding.ASCII.GetBytes("HTTP/1.1 100 Continue\r\n\r\n");
                await stream.WriteAsync(proceed, 0, proceed.Length);
            }

            var declared = headers.Where(h => string.Equals(h.Name, "Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            var body = new byte[declared];
            for (var read = 0; read < declared;)
            {
                var n = await stream.ReadAsync(body, read, declared - read);
                if (n == 0)
                {
                    return null;
                }

                read += n;
            }

            return new ReceivedRequest(requestLine[0], requestLine[1], headers, body);
        }

        /// <summary>Closes the connection with a TCP reset, as a dropped connection or a crashed server leaves it.</summary>
        private static void Reset(TcpClient connection)
        {
            connection.Client.LingerState = new LingerOption(true, 0);
            connection.Close();
        }

        private static async Task RespondAsync(NetworkStream stream, int status, string code, string message, string extraHeaders = "")
        {
            var xml = $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>proxy</RequestId></Error>";
            var bytes = Encoding.UTF8.GetBytes($"HTTP/1.1 {status} {code}\r\nContent-Type: application/xml\r\n{extraHeaders}Content-Length: {Encoding.UTF8.GetByteCount(xml)}\r\nConnection: close\r\n\r\n{xml}");
            await stream.WriteAsync(bytes, 0, bytes.Length);
        }

        private sealed class ReceivedRequest
        {
            public ReceivedRequest(string method, string target, List<(string Name, string Value)> headers, byte[] body)
            {
                Method = method;
                Target = target;
                Headers = headers;
                Body = body;
            }

            public string Method { get; }

            /// <summary>The path and query, as sent.</summary>
            public string Target { get; }

            public List<(string Name, string Value)> Headers { get; }

            public byte[] Body { get; }
        }
    }

    /// <summary>One request as the proxy's fault rule sees it (path-style addressing).</summary>
    public sealed class ProxiedRequest
    {
        private ProxiedRequest(string method, string bucket, string key, string operation, int attempt)
        {
            Method = method;
            Bucket = bucket;
            Key = key;
            Operation = operation;
            Attempt = attempt;
        }

        public string Method { get; }

        /// <summary>Empty for ListBuckets.</summary>
        public string Bucket { get; }

        /// <summary>Empty for a bucket-level request.</summary>
        public string Key { get; }

        /// <summary>ListBuckets, ListObjectsV2, GetObject, HeadObject, or the method otherwise.</summary>
        public string Operation { get; }

        /// <summary>1 for the first time this method and URL were asked for, 2 for the first retry, …</summary>
        public int Attempt { get; }

        internal static ProxiedRequest Of(string method, string raw, ConcurrentDictionary<string, int> attempts)
        {
            var query = raw.IndexOf('?');
            var path = query < 0 ? raw : raw.Substring(0, query);
            var parameters = query < 0 ? string.Empty : raw.Substring(query + 1);
            var slash = path.IndexOf('/', 1);
            var bucket = Uri.UnescapeDataString(slash < 0 ? path.Substring(1) : path.Substring(1, slash - 1));
            var key = slash < 0 ? string.Empty : Uri.UnescapeDataString(path.Substring(slash + 1));
            var operation =
                method == "GET" && bucket.Length == 0 ? "ListBuckets"
                : method == "GET" && key.Length == 0 && parameters.Split('&').Contains("list-type=2") ? "ListObjectsV2"
                : method == "GET" && key.Length > 0 ? "GetObject"
                : method == "HEAD" && key.Length > 0 ? "HeadObject"
                : method;
            var attempt = attempts.AddOrUpdate(method + " " + raw, 1, (_, n) => n + 1);
            return new ProxiedRequest(method, bucket, key, operation, attempt);
        }
    }
}
