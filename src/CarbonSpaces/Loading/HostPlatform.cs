#if NET
using System;
using System.Runtime.InteropServices;

namespace CarbonSpaces.Loading
{
    /// <summary>The portable runtime identifier of this process (os-arch), as the module's folders name platforms.</summary>
    internal static class HostPlatform
    {
        /// <summary>linux-x64, win-arm64, osx-arm64 …; null on an OS or architecture .NET names otherwise.</summary>
        /// <remarks>
        /// Not <see cref="RuntimeInformation.RuntimeIdentifier"/>: a source-built .NET reports a distribution's
        /// own RID there (ubuntu.24.04-x64), which no package folder is named after.
        /// </remarks>
        public static string? RuntimeIdentifier { get; } = Describe();

        /// <summary>The file names the native library <paramref name="name"/> (as a DllImport names it) can have here.</summary>
        public static string[] NativeFileNames(string name)
        {
            if (OperatingSystem.IsWindows())
            {
                return name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? new[] { name } : new[] { name + ".dll", name };
            }

            string extension = OperatingSystem.IsMacOS() ? ".dylib" : ".so";
            return name.StartsWith("lib", StringComparison.Ordinal)
                ? new[] { name + extension, name }
                : new[] { "lib" + name + extension, name + extension, name };
        }

        private static string? Describe()
        {
            string? os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "osx" : null;
            string? architecture = RuntimeInformation.ProcessArchitecture switch
            {
                Architecture.X64 => "x64",
                Architecture.Arm64 => "arm64",
                Architecture.X86 => "x86",
                _ => null,
            };
            return os is null || architecture is null ? null : os + "-" + architecture;
        }
    }
}
#endif
