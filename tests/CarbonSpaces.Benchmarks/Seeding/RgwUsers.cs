using System;
using System.Diagnostics;
using System.Linq;
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
            var (access, secret) = Keys(uid);
            RadosgwAdmin(cephConf, $"user create {uid}", "user", "create", "--uid=" + uid, "--display-name=" + uid, "--access-key=" + access, "--secret-key=" + secret);
            return new S3Account { Endpoint = endpoint, AccessKey = access, SecretKey = secret };
        }

        /// <summary>
        /// Another key of the user <paramref name="uid"/>: the same buckets, but another data source to the engine (a
        /// data source is an endpoint and an access key), as another runbook's credentials would be.
        /// </summary>
        public static S3Account AddKey(string cephConf, string endpoint, string uid, int number)
        {
            var (access, secret) = Keys($"{uid}-{number}");
            RadosgwAdmin(cephConf, $"key create {uid} #{number}", "key", "create", "--uid=" + uid, "--key-type=s3", "--access-key=" + access, "--secret-key=" + secret);
            return new S3Account { Endpoint = endpoint, AccessKey = access, SecretKey = secret };
        }

        /// <summary>Deterministic keys: the same run twice uses the same credentials.</summary>
        private static (string Access, string Secret) Keys(string name) =>
            (("BENCH" + name.Replace("-", string.Empty).ToUpperInvariant() + "00000000000000000000").Substring(0, 20),
             ("benchSecret" + name.Replace("-", string.Empty) + "0000000000000000000000000000000000000000").Substring(0, 40));

        private static void RadosgwAdmin(string cephConf, string what, params string[] arguments)
        {
            var start = new ProcessStartInfo("radosgw-admin")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[] { "-c", cephConf }.Concat(arguments))
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000))
            {
                process.Kill(true);
                throw new InvalidOperationException($"radosgw-admin {what} did not finish within 60 s.");
            }

            if (process.ExitCode != 0 && error.IndexOf("exists", StringComparison.OrdinalIgnoreCase) < 0)
            {
                throw new InvalidOperationException($"radosgw-admin {what} failed ({process.ExitCode}): {error} {output.Result}");
            }
        }
    }
}
