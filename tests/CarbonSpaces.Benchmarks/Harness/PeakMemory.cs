using System;
using System.IO;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// Peak resident set size of this process, from /proc/self/status (VmHWM). Writing "5" to
    /// /proc/self/clear_refs resets the high-water mark to the current RSS (Linux ≥ 4.0), so a
    /// case measured after its warm-up reports its own peak.
    /// </summary>
    internal static class PeakMemory
    {
        public static bool Reset()
        {
            try
            {
                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                return false;
            }
        }

        public static long PeakBytes() => StatusKilobytes("VmHWM:") * 1024;

        public static long CurrentBytes() => StatusKilobytes("VmRSS:") * 1024;

        private static long StatusKilobytes(string field)
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith(field, StringComparison.Ordinal))
                {
                    var parts = line.Substring(field.Length).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
                }
            }

            return -1;
        }
    }
}
