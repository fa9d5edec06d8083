using System;
using System.IO;
using System.Runtime.InteropServices;

namespace CarbonSpaces.Benchmarks.Harness
{
    /// <summary>
    /// A store file's pages in the OS page cache. The machines here drop a file from the cache
    /// minutes after it was written (P5's 1 GB store was read from disk by its first queries, at
    /// p50 98 ms instead of 12), so P5 says both what a store costs to search cold, as after a
    /// reboot, and warm, as a store in use is.
    /// </summary>
    internal static class PageCache
    {
        private const int PosixFadviseDontNeed = 4;

        /// <summary>Drops the files' pages from the cache (written to disk first, so none is kept dirty); false where the OS does not allow it.</summary>
        public static bool Evict(params string[] paths)
        {
            var evicted = true;
            foreach (var path in Existing(paths))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
                file.Flush(flushToDisk: true);
                evicted &= posix_fadvise((int)file.SafeFileHandle.DangerousGetHandle(), 0, 0, PosixFadviseDontNeed) == 0;
            }

            return evicted;
        }

        /// <summary>Reads the files through once, so that their pages are in the cache; returns the bytes read.</summary>
        public static long Load(params string[] paths)
        {
            var buffer = new byte[1 << 20];
            long total = 0;
            foreach (var path in Existing(paths))
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                int read;
                while ((read = file.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }
            }

            return total;
        }

        private static string[] Existing(string[] paths) => Array.FindAll(paths, File.Exists);

        [DllImport("libc", SetLastError = true)]
        private static extern int posix_fadvise(int fd, long offset, long length, int advice);
    }
}
