using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// Counts S3 requests by operation (S3ClientSettings.RequestObserver) and keeps when each was
    /// sent, relative to <see cref="Start"/>, so a case can tell when its listing or downloads ran.
    /// </summary>
    internal sealed class RequestTally
    {
        private readonly ConcurrentDictionary<string, long> _counts = new ConcurrentDictionary<string, long>();
        private readonly ConcurrentQueue<(string Operation, double Seconds)> _timeline = new ConcurrentQueue<(string, double)>();
        private readonly Stopwatch _clock = new Stopwatch();
        private volatile bool _recording;

        public void Observe(string operation)
        {
            if (!_recording)
            {
                return;
            }

            _counts.AddOrUpdate(operation, 1, (_, n) => n + 1);
            _timeline.Enqueue((operation, _clock.Elapsed.TotalSeconds));
        }

        public void Start()
        {
            _counts.Clear();
            while (_timeline.TryDequeue(out _))
            {
            }

            _clock.Restart();
            _recording = true;
        }

        public void Stop() => _recording = false;

        public Dictionary<string, long> Counts() => _counts.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value);

        public long Count(string operation) => _counts.TryGetValue(operation, out var n) ? n : 0;

        /// <summary>Seconds from Start to the first and the last request of this operation, or null when there was none.</summary>
        public (double First, double Last)? Span(string operation)
        {
            var times = _timeline.Where(t => t.Operation == operation).Select(t => t.Seconds).ToList();
            return times.Count == 0 ? null : (times.Min(), times.Max());
        }
    }
}
