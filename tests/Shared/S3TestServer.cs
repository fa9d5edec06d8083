using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace CarbonSpaces.Tests.Shared
{
    /// <summary>
    /// The S3 server the tests talk to (compiled into every test project; no xunit, no AWSSDK).
    /// <para>
    /// If <c>CARBONSPACES_TEST_S3_ENDPOINT</c> is set (tools/test.sh sets it), that endpoint and
    /// <c>CARBONSPACES_TEST_S3_ACCESS_KEY</c> / <c>_SECRET_KEY</c> / <c>_REGION</c> /
    /// <c>CARBONSPACES_TEST_RGW_CONF</c> are used. Otherwise (a plain <c>dotnet test</c>) a
    /// throw-away Ceph RADOS Gateway is started with tools/rgw/start-rgw.sh on a free port in a
    /// temp dir, and stopped on <see cref="Dispose"/>, at process exit, or - if the test host is
    /// killed - by the watchdog start-rgw.sh leaves behind.
    /// </para>
    /// Use <see cref="Shared"/> (one server per test process, started on first use).
    /// </summary>
    public sealed class S3TestServer : IDisposable
    {
        public const string EndpointVariable = "CARBONSPACES_TEST_S3_ENDPOINT";
        public const string AccessKeyVariable = "CARBONSPACES_TEST_S3_ACCESS_KEY";
        public const string SecretKeyVariable = "CARBONSPACES_TEST_S3_SECRET_KEY";
        public const string RegionVariable = "CARBONSPACES_TEST_S3_REGION";
        public const string CephConfVariable = "CARBONSPACES_TEST_RGW_CONF";

        private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(5);
        private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(60);
        private static readonly Lazy<S3TestServer> SharedInstance =
            new Lazy<S3TestServer>(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);

        private readonly object _gate = new object();
        private readonly string? _dataDirectory;
        private readonly string? _stopScript;
        private bool _disposed;

        private S3TestServer(string endpoint, string accessKey, string secretKey, string region,
            string? cephConf, string? dataDirectory, string? stopScript)
        {
            Endpoint = endpoint;
            AccessKey = accessKey;
            SecretKey = secretKey;
            Region = region;
            CephConf = cephConf;
            _dataDirectory = dataDirectory;
            _stopScript = stopScript;
        }

        /// <summary>One server for the whole test process, started (or read from the environment) on first use.</summary>
        public static S3TestServer Shared => SharedInstance.Value;

        /// <summary>e.g. http://127.0.0.1:23203 (path-style; never localhost).</summary>
        public string Endpoint { get; }

        public string AccessKey { get; }

        public string SecretKey { get; }

        public string Region { get; }

        /// <summary>ceph.conf of the cluster (for radosgw-admin); null for an external endpoint without one.</summary>
        public string? CephConf { get; }

        /// <summary>True when this instance started the server itself (and stops it on Dispose).</summary>
        public bool OwnsServer => _dataDirectory != null;

        /// <summary>The environment's endpoint if <c>CARBONSPACES_TEST_S3_ENDPOINT</c> is set, else a new RGW.</summary>
        public static S3TestServer FromEnvironmentOrStart()
        {
            return FromEnvironment() ?? Start();
        }

        /// <summary>The endpoint given by the environment variables, or null when none is set.</summary>
        public static S3TestServer? FromEnvironment()
        {
            string? endpoint = Env(EndpointVariable);
            if (endpoint == null)
            {
                return null;
            }

            string accessKey = Env(AccessKeyVariable)
                ?? throw new InvalidOperationException(EndpointVariable + " is set but " + AccessKeyVariable + " is not.");
            string secretKey = Env(SecretKeyVariable)
                ?? throw new InvalidOperationException(EndpointVariable + " is set but " + SecretKeyVariable + " is not.");
            return new S3TestServer(endpoint.TrimEnd('/'), accessKey, secretKey, Env(RegionVariable) ?? "us-east-1",
                Env(CephConfVariable), null, null);
        }

        /// <summary>Starts a new throw-away RGW (a few seconds) with tools/rgw/start-rgw.sh on a free port.</summary>
        public static S3TestServer Start()
        {
            string root = FindRepositoryRoot();
            string startScript = Path.Combine(root, "tools", "rgw", "start-rgw.sh");
            string stopScript = Path.Combine(root, "tools", "rgw", "stop-rgw.sh");
            if (!File.Exists(startScript))
            {
                throw new InvalidOperationException("Cannot start an S3 server for the tests: " + startScript + " does not exist.");
            }

            var failures = new StringBuilder();
            const int attempts = 3;
            for (int attempt = 1; attempt <= attempts; attempt++)
            {
                string dataDirectory = Path.Combine(Path.GetTempPath(), "carbonspaces-rgw-" + Guid.NewGuid().ToString("N").Substring(0, 12));
                var environment = new Dictionary<string, string>
                {
                    ["RGW_WATCH_PID"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                ProcessResult result = Run("bash", new[] { startScript, dataDirectory, "0" }, environment, StartTimeout);
                string envFile = Path.Combine(dataDirectory, "s3.env");
                if (result.ExitCode == 0 && File.Exists(envFile))
                {
                    Dictionary<string, string> values = ReadKeyValueFile(envFile);
                    var server = new S3TestServer(
                        Required(values, "S3_ENDPOINT", envFile),
                        Required(values, "S3_ACCESS_KEY", envFile),
                        Required(values, "S3_SECRET_KEY", envFile),
                        values.TryGetValue("S3_REGION", out string? region) ? region : "us-east-1",
                        values.TryGetValue("CEPH_CONF", out string? conf) ? conf : null,
                        dataDirectory,
                        stopScript);
                    AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
                    return server;
                }

                failures.Append("attempt ").Append(attempt).Append(": start-rgw.sh exited with ").Append(result.ExitCode)
                    .AppendLine(result.TimedOut ? " (timed out)" : string.Empty)
                    .AppendLine(result.Output);
                Run("bash", new[] { stopScript, dataDirectory }, null, TimeSpan.FromSeconds(60));
            }

            throw new InvalidOperationException(
                "Could not start a Ceph RADOS Gateway for the tests (needs: bash tools/install-prerequisites.sh; " +
                "or point " + EndpointVariable + " at an S3 endpoint).\n" + failures);
        }

        /// <summary>
        /// Creates an independent S3 user (own keys) with radosgw-admin and returns its keys. Each call
        /// returns new keys; if <paramref name="uid"/> exists already (another test project on the same
        /// server), a new key pair is added to it.
        /// </summary>
        public (string AccessKey, string SecretKey) CreateUser(string uid)
        {
            if (string.IsNullOrWhiteSpace(uid))
            {
                throw new ArgumentException("A user id is required.", nameof(uid));
            }

            if (CephConf == null)
            {
                throw new InvalidOperationException(
                    "CreateUser needs radosgw-admin and the cluster's ceph.conf, but this S3 endpoint (" + Endpoint +
                    ") was given without one: set " + CephConfVariable + " (tools/test.sh does), or skip this test.");
            }

            string accessKey = RandomKey(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
            string secretKey = RandomKey(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
            ProcessResult created = Run("radosgw-admin", new[]
            {
                "-c", CephConf, "user", "create", "--uid=" + uid, "--display-name=" + uid,
                "--access-key=" + accessKey, "--secret-key=" + secretKey,
            }, null, AdminTimeout);
            if (created.ExitCode == 0)
            {
                return (accessKey, secretKey);
            }

            if (created.Output.IndexOf("exists", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                ProcessResult added = Run("radosgw-admin", new[]
                {
                    "-c", CephConf, "key", "create", "--uid=" + uid, "--key-type=s3",
                    "--access-key=" + accessKey, "--secret-key=" + secretKey,
                }, null, AdminTimeout);
                if (added.ExitCode == 0)
                {
                    return (accessKey, secretKey);
                }

                created = added;
            }

            throw new InvalidOperationException(
                "radosgw-admin could not create S3 user '" + uid + "' (exit " + created.ExitCode + "):\n" + created.Output);
        }

        /// <summary>Stops the server if this instance started it (idempotent).</summary>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
            }

            if (_dataDirectory != null && _stopScript != null)
            {
                try
                {
                    Run("bash", new[] { _stopScript, _dataDirectory }, null, TimeSpan.FromSeconds(60));
                }
                catch (Exception)
                {
                    // best effort at process exit; the watchdog stops it as well
                }
            }
        }

        public override string ToString() => Endpoint + (OwnsServer ? " (started by the tests)" : " (from the environment)");

        /// <summary>The folder holding CarbonSpaces.sln, walking up from the test assembly's folder.</summary>
        public static string FindRepositoryRoot()
        {
            var start = new DirectoryInfo(AppContext.BaseDirectory);
            for (DirectoryInfo? dir = start; dir != null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "CarbonSpaces.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("CarbonSpaces.sln not found in " + start.FullName + " or any folder above it.");
        }

        private static S3TestServer CreateShared() => FromEnvironmentOrStart();

        private static string? Env(string name)
        {
            string? value = Environment.GetEnvironmentVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
        }

        private static string Required(Dictionary<string, string> values, string key, string file)
        {
            return values.TryGetValue(key, out string? value) && value.Length > 0
                ? value
                : throw new InvalidOperationException(key + " missing in " + file);
        }

        private static Dictionary<string, string> ReadKeyValueFile(string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string line in File.ReadAllLines(path))
            {
                int eq = line.IndexOf('=');
                if (eq > 0)
                {
                    values[line.Substring(0, eq).Trim()] = line.Substring(eq + 1).Trim();
                }
            }

            return values;
        }

        private static string RandomKey(int length, string alphabet)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }

            return new string(chars);
        }

        private readonly struct ProcessResult
        {
            public ProcessResult(int exitCode, string output, bool timedOut)
            {
                ExitCode = exitCode;
                Output = output;
                TimedOut = timedOut;
            }

            public int ExitCode { get; }

            public string Output { get; }

            public bool TimedOut { get; }
        }

        private static ProcessResult Run(string fileName, IEnumerable<string> arguments,
            IDictionary<string, string>? environment, TimeSpan timeout)
        {
            var psi = new ProcessStartInfo(fileName)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            foreach (string argument in arguments)
            {
                psi.ArgumentList.Add(argument);
            }

            if (environment != null)
            {
                foreach (KeyValuePair<string, string> pair in environment)
                {
                    psi.Environment[pair.Key] = pair.Value;
                }
            }

            var output = new StringBuilder();
            using var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data != null) { lock (output) { output.AppendLine(e.Data); } } };
            try
            {
                process.Start();
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
            {
                return new ProcessResult(-1, "could not run " + fileName + ": " + ex.Message, false);
            }

            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            bool exited = process.WaitForExit((int)timeout.TotalMilliseconds);
            if (!exited)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }

                process.WaitForExit(5000);
            }
            else
            {
                process.WaitForExit(); // drain the asynchronous readers
            }

            string text;
            lock (output)
            {
                text = output.ToString();
            }

            return new ProcessResult(exited ? process.ExitCode : -1, text, !exited);
        }
    }
}
