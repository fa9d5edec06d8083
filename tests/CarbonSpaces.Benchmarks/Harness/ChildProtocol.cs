using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// What the orchestrator asks of one child process: one measured piece of work (a "work"), after
    /// a warm-up that JIT-compiles the same code paths on throw-away data, so the measured time is
    /// that of a warm module and the peak RSS that of this work alone.
    /// </summary>
    internal sealed class ChildRequest
    {
        public string Work { get; set; } = string.Empty;

        public S3Account Account { get; set; } = new S3Account();

        /// <summary>A user owning only <see cref="WarmBucket"/>, for warm-ups that sync a whole data source.</summary>
        public S3Account WarmAccount { get; set; } = new S3Account();

        public string WarmBucket { get; set; } = string.Empty;

        public string? Bucket { get; set; }

        public string CustomerId { get; set; } = "bench@example.com";

        public string StorePath { get; set; } = string.Empty;

        /// <summary>Another store to read from (the raw index reads the chunks CarbonSpaces built).</summary>
        public string? SourceStorePath { get; set; }

        /// <summary>Folder for throw-away stores and files of this child.</summary>
        public string ScratchDirectory { get; set; } = string.Empty;

        public int Throttle { get; set; } = 16;

        /// <summary>P5: how many chunks to build, or the file holding the queries.</summary>
        public long Count { get; set; }

        public string? QueriesPath { get; set; }

        /// <summary>Files the work reads directly (P6's PDF, P7's page images).</summary>
        public List<string> Inputs { get; set; } = new List<string>();

        public bool SkipWarmUp { get; set; }

        /// <summary>Environment variables the child starts with (runtime settings such as DOTNET_TieredPGO), beside the harness's own.</summary>
        public Dictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

        /// <summary>The buckets a file sync syncs in one call, when more than <see cref="Bucket"/> (P3a-scale's one process).</summary>
        public List<string> Buckets { get; set; } = new List<string>();

        /// <summary>A variant of the work (e.g. "head" for <see cref="Work.RawFetchWork"/>).</summary>
        public string? Mode { get; set; }

        public static ChildRequest Load(string path) => JsonSerializer.Deserialize<ChildRequest>(File.ReadAllText(path))!;

        public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this));
    }

    /// <summary>What a child measured.</summary>
    internal sealed class ChildResult
    {
        public double Seconds { get; set; }

        public long PeakRssBytes { get; set; }

        /// <summary>False when the high-water mark could not be reset after the warm-up (then the peak includes it).</summary>
        public bool PeakIsolated { get; set; }

        public Dictionary<string, long> Requests { get; set; } = new Dictionary<string, long>();

        /// <summary>Phase timings, counts and other numbers the work reports (name → value).</summary>
        public Dictionary<string, double> Metrics { get; set; } = new Dictionary<string, double>();

        public List<double> Samples { get; set; } = new List<double>();

        public string? Error { get; set; }

        /// <summary>Stopwatch timestamps (CLOCK_MONOTONIC ns on Linux) of the measured span, to cut a profile to it.</summary>
        public long BeganAt { get; set; }

        public long EndedAt { get; set; }

        /// <summary>CPU time (user + system, all threads) this process spent in the measured span.</summary>
        public double CpuSeconds { get; set; }

        /// <summary>CPU time the S3 server's processes spent in the measured span (<see cref="ServerCpu"/>).</summary>
        public double ServerCpuSeconds { get; set; }

        /// <summary>CPU time the benchmark's PostgreSQL server spent in the measured span (<see cref="PostgresCpu"/>; NaN without one).</summary>
        public double PostgresCpuSeconds { get; set; }

        /// <summary>Time the JIT compiler spent (all threads) in the measured span, and the methods it compiled.</summary>
        public double JitSeconds { get; set; }

        public long JitMethods { get; set; }

        /// <summary>Methods the JIT compiler compiled in each warm-up pass and the wait after it.</summary>
        public List<long> WarmUpMethods { get; set; } = new List<long>();

        /// <summary>
        /// A file the child creates as its measured span begins, named by the parent in this
        /// variable, so the parent can start other work at that moment (<see cref="ChildRunner"/>).
        /// </summary>
        public const string BeganMarkerVariable = "CARBONSPACES_BENCH_BEGAN_MARKER";

        /// <summary>
        /// A file the parent creates once every child of a group is ready (warmed up, its store open), named in this
        /// variable: each child says it is ready (that name plus ".ready.PID") and waits for it, so that the group's
        /// measured spans begin together (<see cref="StartGate"/>).
        /// </summary>
        public const string StartGateVariable = "CARBONSPACES_BENCH_START_GATE";

        /// <summary>Starts the measured span (after the start gate opens, when the child has one).</summary>
        public void Begin()
        {
            var gate = System.Environment.GetEnvironmentVariable(StartGateVariable);
            if (gate != null)
            {
                StartGate.Pass(gate);
            }

            var marker = System.Environment.GetEnvironmentVariable(BeganMarkerVariable);
            if (marker != null)
            {
                File.WriteAllText(marker, string.Empty);
            }

            JitSeconds = -System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
            JitMethods = -System.Runtime.JitInfo.GetCompiledMethodCount();
            ServerCpuSeconds = -ServerCpu.Seconds();
            PostgresCpuSeconds = -PostgresCpu.Seconds();
            CpuSeconds = -System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            BeganAt = System.Diagnostics.Stopwatch.GetTimestamp();
        }

        /// <summary>Ends the measured span and sets <see cref="Seconds"/>.</summary>
        public void End()
        {
            EndedAt = System.Diagnostics.Stopwatch.GetTimestamp();
            Seconds = System.Diagnostics.Stopwatch.GetElapsedTime(BeganAt, EndedAt).TotalSeconds;
            CpuSeconds += System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
            ServerCpuSeconds += ServerCpu.Seconds();
            PostgresCpuSeconds += PostgresCpu.Seconds();
            JitSeconds += System.Runtime.JitInfo.GetCompilationTime().TotalSeconds;
            JitMethods += System.Runtime.JitInfo.GetCompiledMethodCount();
        }

        public static ChildResult Load(string path) => JsonSerializer.Deserialize<ChildResult>(File.ReadAllText(path))!;

        public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this));

        public double Metric(string name) => Metrics.TryGetValue(name, out var value) ? value : double.NaN;
    }
}
