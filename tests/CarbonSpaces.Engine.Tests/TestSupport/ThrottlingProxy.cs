using System;
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
    /// An HTTP proxy on 127.0.0.1 in front of the test RGW that answers the first requests the way a
    /// busy S3 endpoint does (503 SlowDown, then 429), and forwards the rest untouched: signatures
    /// still verify because the Host header is passed through.
    /// </summary>
    public sealed class ThrottlingProxy : IDisposable
    {
        private readonly HttpListener _listener = new HttpListener();
        private readonly HttpClient _upstream = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseProxy = false });
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private int _throttlesLeft;
        private int _requests;
        private int _throttled;

        private readonly Answer _answer;

        /// <summary>How the throttled requests are answered.</summary>
        public enum Answer
        {
            SlowDown,
            TooManyRequests,
            Alternating,

            /// <summary>301 PermanentRedirect with x-amz-bucket-region, as Amazon S3 answers for a bucket in another region.</summary>
            WrongRegion,
        }

        public ThrottlingProxy(string targetEndpoint, int throttledRequests, Answer answer = Answer.Alternating)
        {
            _target = new Uri(targetEndpoint);
            _throttlesLeft = throttledRequests;
            _answer = answer;
            var port = FreePort();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Endpoint { get; }

        public int Requests => _requests;

        public int Throttled => _throttled;

        /// <summary>Throttles the next <paramref name="requests"/> requests (after, say, a data source was connected through the proxy).</summary>
        public void ThrottleNext(int requests) => Interlocked.Exchange(ref _throttlesLeft, requests);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Close();
            _upstream.Dispose();
        }

        private async Task ServeAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = Task.Run(() => HandleAsync(context));
            }
        }

        private async Task HandleAsync(HttpListenerContext context)
        {
            Interlocked.Increment(ref _requests);
            var left = Interlocked.Decrement(ref _throttlesLeft);
            if (left >= 0)
            {
                Interlocked.Increment(ref _throttled);
                if (_answer == Answer.WrongRegion)
                {
                    context.Response.Headers["x-amz-bucket-region"] = "eu-west-1";
                    await RespondAsync(context.Response, 301, "PermanentRedirect", "The bucket you are attempting to access must be addressed using the specified endpoint.");
                    return;
                }

                var slowDown = _answer == Answer.SlowDown || (_answer == Answer.Alternating && left % 2 == 0);
                await RespondAsync(context.Response, slowDown ? 503 : 429, slowDown ? "SlowDown" : "TooManyRequests", "Please reduce your request rate.");
                return;
            }

            using var request = new HttpRequestMessage(new HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl));
            var body = new System.IO.MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (body.Length > 0 || context.Request.HttpMethod == "PUT" || context.Request.HttpMethod == "POST")
            {
                request.Content = new ByteArrayContent(body.ToArray());
            }

            foreach (var name in context.Request.Headers.AllKeys.Where(n => n != null))
            {
                var value = context.Request.Headers[name!]!;
                if (string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
                {
                    request.Headers.Host = value;
                }
                else if (!request.Headers.TryAddWithoutValidation(name!, value))
                {
                    request.Content?.Headers.TryAddWithoutValidation(name!, value);
                }
            }

            using var response = await _upstream.SendAsync(request);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (!string.Equals(header.Key, "Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    context.Response.Headers[header.Key] = string.Join(",", header.Value);
                }
            }

            var content = await response.Content.ReadAsByteArrayAsync();
            context.Response.ContentLength64 = content.Length;
            await context.Response.OutputStream.WriteAsync(content);
            context.Response.Close();
        }

        private static async Task RespondAsync(HttpListenerResponse response, int status, string code, string message)
        {
            var xml = Encoding.UTF8.GetBytes($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><RequestId>proxy</RequestId></Error>");
            response.StatusCode = status;
            response.ContentType = "application/xml";
            response.ContentLength64 = xml.Length;
            await response.OutputStream.WriteAsync(xml);
            response.Close();
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }
    }
}
