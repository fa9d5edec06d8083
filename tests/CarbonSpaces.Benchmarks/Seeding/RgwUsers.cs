using System;
using System.Diagnostics;
using CarbonSpaces.Benchmarks.Harness;

namespace CarbonSpaces.Benchmarks.Seeding
{
    /// <summary>
    /// Creates RGW users with radosgw-admin (the cluster's ceph.conf comes from start-rgw.sh). Each
    /// user sees only its own buckets, so an auto-sync (which lists every bucket of its data source)
    /// of the file corpus does not also list the 100,000-object bucket of P1.
    /// </summary>
    internal static class RgwUsers
    {
        public static S3Account Create(string cephConf, string endpoint, string uid)
        {
            // Deterministic keys: the same run twice uses the same credentials.
            var access = ("BENCH" + uid.Replace("-", string.Empty).ToUpperInvariant() + "00000000000000000000").Substring(0, 20);
            var secret = ("benchSecret" + uid.Replace("-", string.Empty) + "0000000000000000000000000000000000000000").Substring(0, 40);
            var start = new ProcessStartInfo("radosgw-admin")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-c", cephConf, "user", "create", "--uid=" + uid, "--display-name=" + uid, "--access-key=" + access, "--secret-key=" + secret })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(true);
                throw new InvalidOperationException($"radosgw-admin user create {uid} did not finish within 60 s.");
            }

            if (process.ExitCode != 0 && error.IndexOf("exists", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw new InvalidOperationException($"radosgw-admin user create {uid} failed ({process.ExitCode}): {error} {output.Result}");
            }

            return new S3Account { Endpoint = endpoint, AccessKey = access, SecretKey = secret };
        }
    }
}
