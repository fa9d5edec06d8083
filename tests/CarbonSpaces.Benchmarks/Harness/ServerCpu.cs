using System;
using System.Diagnostics;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// CPU time the S3 server's processes (radosgw and the Ceph daemons behind it) have used. The
    /// server shares the machine's cores with the side being measured, so the CPU both need
    /// together sets a floor on the wall time of a run.
    /// </summary>
    internal static class ServerCpu
    {
        private static readonly string[] ServerCommands = { "radosgw", "ceph-osd", "ceph-mon", "ceph-mgr" };

        /// <summary>User + system seconds of every server process now running.</summary>
        public static double Seconds()
        {
            var seconds = 0.0;
            foreach (var command in ServerCommands)
            {
                foreach (var process in Process.GetProcessesByName(command))
                {
                    using (process)
                    {
                        try
                        {
                            seconds += process.TotalProcessorTime.TotalSeconds;
                        }
                        catch (Exception ex) when (ex is InvalidOperationException || ex is System.ComponentModel.Win32Exception)
                        {
                            // The process ended meanwhile (Win32Exception when /proc/PID went as it was read).
                        }
                    }
                }
            }

            return seconds;
        }
    }
}
