#if !NET
using System;
using System.ComponentModel;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CarbonSpaces.Loading
{
    // Windows PowerShell 5.1 (.NET Framework): one AppDomain and no load contexts. The CLR looks for
    // the engine beside the cmdlets (Desktop/) and fails; the engine and its dependencies are then
    // answered from Desktop/Dependencies. Answering by simple name also stands in for the binding
    // redirects powershell.exe has no app.config for (two packages wanting different versions of
    // System.Memory, say).
    internal sealed partial class DependencyLoader
    {
        private const string NativeSqliteFileName = "e_sqlite3.dll";

        private bool _nativeSqliteLoaded;

        partial void InstallPlatform()
        {
            LoadNativeSqlite();
            AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencyDirectory;
        }

        partial void UninstallPlatform()
        {
            AppDomain.CurrentDomain.AssemblyResolve -= ResolveFromDependencyDirectory;
        }

        private Assembly? ResolveFromDependencyDirectory(object? sender, ResolveEventArgs args)
        {
            // Another module's failed load is its own business; .NET Framework passes no
            // requesting assembly for loads by name (Assembly.Load), which ours make too.
            if (args.RequestingAssembly is not null && !IsFromThisModule(args.RequestingAssembly))
            {
                return null;
            }

            string? simpleName = new AssemblyName(args.Name).Name;
            if (string.IsNullOrEmpty(simpleName))
            {
                return null;
            }

            string candidate = Path.Combine(DependencyDirectory, simpleName + ".dll");
            return System.IO.File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
        }

        private bool IsFromThisModule(Assembly assembly)
        {
            if (assembly == typeof(DependencyLoader).Assembly)
            {
                return true;
            }

            if (assembly.IsDynamic || string.IsNullOrEmpty(assembly.Location))
            {
                return false;
            }

            return string.Equals(Path.GetDirectoryName(assembly.Location), DependencyDirectory, StringComparison.OrdinalIgnoreCase);
        }

        // SQLitePCLRaw's netstandard2.0 provider imports "e_sqlite3" by bare name, which Windows
        // only finds in the process's own search path. Once the library for this process's
        // architecture is loaded by full path, that bare-name lookup returns the loaded module.
        private void LoadNativeSqlite()
        {
            if (_nativeSqliteLoaded || !RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return;
            }

            string path = Path.Combine(DependencyDirectory, "runtimes", WindowsRuntimeIdentifier(), "native", NativeSqliteFileName);
            if (!System.IO.File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"The CarbonSpaces module is incomplete: the native SQLite library '{path}' is missing. Reinstall the module or rebuild it (./build.ps1).",
                    path);
            }

            IntPtr handle = NativeMethods.LoadLibraryExW(path, IntPtr.Zero, NativeMethods.LoadWithAlteredSearchPath);
            if (handle == IntPtr.Zero)
            {
                int error = Marshal.GetLastWin32Error();
                throw new DllNotFoundException($"Could not load the native SQLite library '{path}': {new Win32Exception(error).Message}");
            }

            _nativeSqliteLoaded = true;
        }

        private static string WindowsRuntimeIdentifier()
        {
            switch (RuntimeInformation.ProcessArchitecture)
            {
                case Architecture.X86:
                    return "win-x86";
                case Architecture.X64:
                    return "win-x64";
                case Architecture.Arm64:
                    return "win-arm64";
                default:
                    throw new PlatformNotSupportedException(
                        $"CarbonSpaces ships native SQLite for x86, x64 and Arm64 Windows PowerShell, not for {RuntimeInformation.ProcessArchitecture}.");
            }
        }
    }
}
#endif
