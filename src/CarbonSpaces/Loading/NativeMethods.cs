#if !NET
using System;
using System.Runtime.InteropServices;

namespace CarbonSpaces.Loading
{
    internal static class NativeMethods
    {
        // Lets Windows find the library's own dependencies beside it rather than beside powershell.exe.
        internal const uint LoadWithAlteredSearchPath = 0x00000008;

        [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true, ExactSpelling = true)]
        internal static extern IntPtr LoadLibraryExW(string lpLibFileName, IntPtr hFile, uint dwFlags);
    }
}
#endif
