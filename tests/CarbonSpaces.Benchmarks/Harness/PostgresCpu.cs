using System;
using System.Globalization;
using System.IO;
using System.Linq;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// CPU time the benchmark's own PostgreSQL server has used: its postmaster and every backend, living or gone.
    /// A backend serves one connection and exits with it; the postmaster reaps it, which adds its CPU to the
    /// postmaster's children's times (cutime, cstime in /proc/PID/stat), so those plus the living backends' own
    /// times are the whole server's. Only this cluster counts (its postmaster.pid): other PostgreSQL servers on
    /// the machine (a test run's) are not the one the store writes to.
    /// </summary>
    internal static class PostgresCpu
    {
        /// <summary>The kernel reports these times in USER_HZ, 100 a second on every Linux architecture .NET runs on.</summary>
        private const double TicksPerSecond = 100;

        /// <summary>User + system seconds of the server so far, or NaN when the run has no PostgreSQL server.</summary>
        public static double Seconds()
        {
            var postmaster = Postmaster();
            if (postmaster == null)
            {
                return double.NaN;
            }

            var ticks = 0L;
            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                var fields = StatFields(Path.Combine(process, "stat"));
                if (fields == null)
                {
                    continue;
                }

                var pid = int.Parse(Path.GetFileName(process), CultureInfo.InvariantCulture);
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster || parent == postmaster)
                {
                    // utime, stime, cutime, cstime: fields 14-17 of stat(5), here counted from the state (field 3).
                    for (var i = 11; i <= 14; i++)
                    {
                        ticks += long.Parse(fields[i], CultureInfo.InvariantCulture);
                    }
                }
            }

            return ticks / TicksPerSecond;
        }

        /// <summary>The server's first process, from the first line of its postmaster.pid.</summary>
        private static int? Postmaster()
        {
            var directory = Environment.GetEnvironmentVariable(PostgresServer.DirectoryVariable);
            var pidFile = directory == null ? null : Path.Combine(directory, "data", "postmaster.pid");
            if (pidFile == null || !File.Exists(pidFile))
            {
                return null;
            }

            var firstLine = File.ReadLines(pidFile).FirstOrDefault();
            return int.TryParse(firstLine, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }

        /// <summary>The fields after the command name (which may hold spaces and parentheses), or null for what is no process or is gone.</summary>
        private static string[]? StatFields(string path)
        {
            if (!char.IsDigit(Path.GetFileName(Path.GetDirectoryName(path)!)[0]))
            {
                return null;
            }

            try
            {
                var stat = File.ReadAllText(path);
                return stat.Substring(stat.LastIndexOf(')') + 2).Split(' ');
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return null;
            }
        }
    }
}
