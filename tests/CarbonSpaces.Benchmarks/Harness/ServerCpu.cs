using System;
using System.Globalization;
using System.IO;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// CPU time the S3 server's processes (radosgw and the Ceph daemons behind it) have used, from
    /// /proc/PID/stat. The server shares the machine's cores with the side being measured, so the
    /// CPU both need together sets a floor on the wall time of a run.
    /// </summary>
    internal static class ServerCpu
    {
        private static readonly string[] ServerCommands = { "radosgw", "ceph-osd", "ceph-mon", "ceph-mgr" };

        /// <summary>Clock ticks per second of /proc/PID/stat's utime and stime (USER_HZ: 100 on Linux).</summary>
        private const double TicksPerSecond = 100.0;

        /// <summary>User + system seconds of every server process now running; NaN when /proc cannot be read.</summary>
        public static double Seconds()
        {
            try
            {
                var ticks = 0L;
                foreach (var directory in Directory.EnumerateDirectories("/proc"))
                {
                    if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    {
                        continue;
                    }

                    ticks += ServerTicks(Path.Combine(directory, "stat"));
                }

                return ticks / TicksPerSecond;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return double.NaN;
            }
        }

        private static long ServerTicks(string statPath)
        {
            string stat;
            try
            {
                stat = File.ReadAllText(statPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return 0; // the process ended meanwhile
            }

            // "PID (comm) state ppid ...": comm may hold spaces, so fields are counted after its ')'.
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open || Array.IndexOf(ServerCommands, stat.Substring(open + 1, close - open - 1)) < 0)
            {
                return 0;
            }

            var fields = stat.Substring(close + 2).Split(' ');
            // After comm: state is field 3, utime field 14, stime field 15 (proc(5)).
            return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }
    }
}
