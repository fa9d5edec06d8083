#nullable enable
using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace CarbonSpaces.Tests.Shared
{
    /// <summary>
    /// A TCP proxy on 127.0.0.1 that puts a far endpoint's network between a client and a server
    /// on this machine: every byte reaches the other side half a round trip after it was sent, so
    /// each request, on a new or a reused connection, waits one round trip for its answer; a new
    /// connection first waits one more (its handshake). Optionally each direction's bytes share a
    /// bandwidth cap (a link), so large bodies take as long as they would over it. Bytes are
    /// passed through untouched, so signatures still verify.
    /// </summary>
    public sealed class LatencyProxy : IDisposable
    {
        private const int ChunkBytes = 64 * 1024;

        /// <summary>Chunks in flight per direction of a connection (a TCP window's worth), before the sender is held back.</summary>
        private const int ChunksInFlight = 256;

        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly string _targetHost;
        private readonly int _targetPort;
        private readonly TimeSpan _oneWay;
        private readonly Link _up;
        private readonly Link _down;
        private int _connections;

        /// <param name="targetEndpoint">The server, e.g. http://127.0.0.1:7480.</param>
        /// <param name="roundTrip">What each request waits on the network (40 ms: a Space in another region).</param>
        /// <param name="bytesPerSecond">Each direction's bandwidth, shared by all connections; 0 for none.</param>
        public LatencyProxy(string targetEndpoint, TimeSpan roundTrip, long bytesPerSecond = 0)
        {
            var target = new Uri(targetEndpoint);
            _targetHost = target.Host;
            _targetPort = target.Port;
            RoundTrip = roundTrip;
            BytesPerSecond = bytesPerSecond;
            _oneWay = TimeSpan.FromTicks(roundTrip.Ticks / 2);
            _up = new Link(bytesPerSecond);
            _down = new Link(bytesPerSecond);
            _listener.Start(512);
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
            _ = AcceptAsync();
        }

        /// <summary>Where clients connect instead of the server.</summary>
        public string Endpoint { get; }

        public TimeSpan RoundTrip { get; }

        public long BytesPerSecond { get; }

        /// <summary>Connections clients opened so far.</summary>
        public int Connections => Volatile.Read(ref _connections);

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Socket client;
                try
                {
                    client = await _listener.AcceptSocketAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(Socket client)
        {
            using var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            using (client)
            {
                try
                {
                    client.NoDelay = true;
                    server.NoDelay = true;
                    await server.ConnectAsync(_targetHost, _targetPort).ConfigureAwait(false);

                    // A far server's handshake: one round trip before the first request can be sent.
                    await Task.Delay(RoundTrip, _stop.Token).ConfigureAwait(false);
                    var up = PumpAsync(client, server, _up);
                    var down = PumpAsync(server, client, _down);
                    await Task.WhenAll(up, down).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is SocketException || ex is OperationCanceledException || ex is ObjectDisposedException || ex is ChannelClosedException)
                {
                    // One side went away or the proxy stopped: the other side sees the connection close.
                }
            }
        }

        /// <summary>Passes what <paramref name="from"/> sends to <paramref name="to"/>, each chunk half a round trip after it came, then passes on the end of the stream.</summary>
        private async Task PumpAsync(Socket from, Socket to, Link link)
        {
            var chunks = Channel.CreateBounded<(byte[] Bytes, int Length, DateTime Due)>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
            var reading = ReadAsync(from, chunks.Writer);
            try
            {
                await foreach (var (bytes, length, due) in chunks.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                {
                    var wait = due - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, _stop.Token).ConfigureAwait(false);
                    }

                    await link.TakeAsync(length, _stop.Token).ConfigureAwait(false);
                    var sent = 0;
                    while (sent < length)
                    {
                        sent += await to.SendAsync(new ArraySegment<byte>(bytes, sent, length - sent), SocketFlags.None).ConfigureAwait(false);
                    }
                }

                to.Shutdown(SocketShutdown.Send);
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException)
            {
                // The receiver is gone: stop reading from the sender too.
                from.Close();
            }

            await reading.ConfigureAwait(false);
        }

        private async Task ReadAsync(Socket from, ChannelWriter<(byte[], int, DateTime)> chunks)
        {
            try
            {
                while (true)
                {
                    var buffer = new byte[ChunkBytes];
                    var read = await from.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    await chunks.WriteAsync((buffer, read, DateTime.UtcNow + _oneWay), _stop.Token).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is SocketException || ex is ObjectDisposedException || ex is OperationCanceledException)
            {
            }

            chunks.TryComplete();
        }

        /// <summary>One direction's bandwidth, shared by every connection: each chunk takes its turn for as long as its bytes take.</summary>
        private sealed class Link
        {
            private readonly long _bytesPerSecond;
            private readonly object _gate = new object();
            private DateTime _free = DateTime.MinValue;

            public Link(long bytesPerSecond)
            {
                _bytesPerSecond = bytesPerSecond;
            }

            public Task TakeAsync(int bytes, CancellationToken cancellation)
            {
                if (_bytesPerSecond <= 0)
                {
                    return Task.CompletedTask;
                }

                DateTime done;
                lock (_gate)
                {
                    var start = _free > DateTime.UtcNow ? _free : DateTime.UtcNow;
                    done = start + TimeSpan.FromTicks(bytes * TimeSpan.TicksPerSecond / _bytesPerSecond);
                    _free = done;
                }

                var wait = done - DateTime.UtcNow;
                return wait > TimeSpan.Zero ? Task.Delay(wait, cancellation) : Task.CompletedTask;
            }
        }
    }
}
