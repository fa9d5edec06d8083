#if NET
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace CarbonSpaces.Loading
{
    /// <summary>
    /// The "CarbonSpaces" load context: every assembly found in the <c>Dependencies</c> folder is
    /// loaded from there (its ReadyToRun copy for this runtime when the module ships one), the local
    /// model's carrier and ONNX Runtime's native library from the companion module when installed,
    /// and everything else (the .NET libraries) from the default context.
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

        private readonly string? _readyToRunDirectory;

        private readonly string? _localModelDirectory;

        private readonly AssemblyDependencyResolver? _resolver;

        // The runtime asks once per P/Invoke target, so each library is resolved and loaded once.
        private readonly ConcurrentDictionary<string, IntPtr> _nativeLibraries = new ConcurrentDictionary<string, IntPtr>(StringComparer.Ordinal);

        /// <param name="dependencyDirectory">Dependencies/: the IL of the engine and its packages, native SQLite.</param>
        /// <param name="readyToRunDirectory">The precompiled copies for this runtime (<see cref="ReadyToRunImages"/>), or null.</param>
        /// <param name="localModelDirectory">The companion module's folder (<see cref="LocalModelModule"/>), or null.</param>
        public EngineLoadContext(string dependencyDirectory, string? readyToRunDirectory, string? localModelDirectory)
            : base(ContextName, isCollectible: false)
        {
            _dependencyDirectory = dependencyDirectory;
            _readyToRunDirectory = readyToRunDirectory;
            _localModelDirectory = localModelDirectory;
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
            if (string.IsNullOrEmpty(assemblyName.Name))
            {
                return null;
            }

            // The precompiled copy is the same assembly as the IL one. The set was published for
            // this runtime's framework: what it leaves out and the framework carries (System.Text.Json
            // on .NET 10, say) the framework's own precompiled copy serves, as in any app published
            // for it. Large assemblies left out of the set on purpose come from the IL below.
            if (_readyToRunDirectory is not null)
            {
                string? precompiled = ExistingFile(_readyToRunDirectory, assemblyName.Name);
                if (precompiled is not null)
                {
                    return precompiled;
                }

                if (ExistingFile(RuntimeEnvironment.GetRuntimeDirectory(), assemblyName.Name) is not null)
                {
                    return null;
                }
            }

            string? resolved = _resolver?.ResolveAssemblyToPath(assemblyName);
            if (resolved is not null && System.IO.File.Exists(resolved))
            {
                return resolved;
            }

            return ExistingFile(_dependencyDirectory, assemblyName.Name) ?? ExistingFile(_localModelDirectory, assemblyName.Name);
        }

        private IntPtr LoadNativeLibrary(string unmanagedDllName)
        {
            // The deps.json maps e_sqlite3 to runtimes/<rid>/native/ for the current platform; the
            // runtime never probes there by itself. ONNX Runtime's library is in the companion
            // module, if installed. Zero lets the runtime's own probing try.
            string? path = _resolver?.ResolveUnmanagedDllToPath(unmanagedDllName);
            if (path is null || !System.IO.File.Exists(path))
            {
                path = _localModelDirectory is null ? null : LocalModelModule.NativeLibraryPath(_localModelDirectory, unmanagedDllName);
            }

            return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
        }

        private static string? ExistingFile(string? directory, string assemblyName)
        {
            if (directory is null)
            {
                return null;
            }

            string candidate = Path.Combine(directory, assemblyName + ".dll");
            return System.IO.File.Exists(candidate) ? candidate : null;
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
