#if NET
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CarbonSpaces.Loading
{
    /// <summary>
    /// The "CarbonSpaces" load context: every assembly found in the <c>Dependencies</c> folder is
    /// loaded from there, and everything else (the .NET libraries) from the default context.
    /// </summary>
    /// <remarks>
    /// It must be a subclass answering in <see cref="Load"/>: a plain context asks the default
    /// context first, so an AWSSDK.Core already loaded there by another module (same assembly
    /// version, different build) would silently be used instead of ours.
    /// </remarks>
    internal sealed class EngineLoadContext : AssemblyLoadContext
    {
        internal const string ContextName = "CarbonSpaces";

        private readonly string _dependencyDirectory;

        private readonly AssemblyDependencyResolver? _resolver;

        // The runtime asks once per P/Invoke target, so each library is resolved and loaded once.
        private readonly ConcurrentDictionary<string, IntPtr> _nativeLibraries = new ConcurrentDictionary<string, IntPtr>(StringComparer.Ordinal);

        public EngineLoadContext(string dependencyDirectory)
            : base(ContextName, isCollectible: false)
        {
            _dependencyDirectory = dependencyDirectory;
            _resolver = CreateResolver(Path.Combine(dependencyDirectory, DependencyLoader.EngineAssemblyName + ".dll"));
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            string? path = ResolveAssemblyPath(assemblyName);
            return path is null ? null : LoadFromAssemblyPath(path);
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            return _nativeLibraries.GetOrAdd(unmanagedDllName, LoadNativeLibrary);
        }

        private string? ResolveAssemblyPath(AssemblyName assemblyName)
        {
            string? resolved = _resolver?.ResolveAssemblyToPath(assemblyName);
            if (resolved is not null && System.IO.File.Exists(resolved))
            {
                return resolved;
            }

            if (string.IsNullOrEmpty(assemblyName.Name))
            {
                return null;
            }

            string candidate = Path.Combine(_dependencyDirectory, assemblyName.Name + ".dll");
            return System.IO.File.Exists(candidate) ? candidate : null;
        }

        private IntPtr LoadNativeLibrary(string unmanagedDllName)
        {
            // The deps.json maps e_sqlite3 to runtimes/<rid>/native/ for the current platform; the
            // runtime never probes there by itself. Zero lets the runtime's own probing try.
            string? path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
            return path is not null && System.IO.File.Exists(path) ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
        }

        private static AssemblyDependencyResolver? CreateResolver(string enginePath)
        {
            try
            {
                return new AssemblyDependencyResolver(enginePath);
            }
            catch (InvalidOperationException)
            {
                // The host could not read the engine's deps.json against this platform (for
                // instance one whose native files the package leaves out). Managed assemblies are
                // still found by file name, and SQLite reports a missing library when first used.
                return null;
            }
        }
    }
}
#endif
