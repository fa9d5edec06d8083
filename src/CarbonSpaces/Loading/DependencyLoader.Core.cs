#if NET
using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace CarbonSpaces.Loading
{
    // PowerShell 7: the engine lives in its own load context; the default context (where PowerShell
    // loaded the cmdlets) is pointed at it for the engine assembly only.
    internal sealed partial class DependencyLoader
    {
        private EngineLoadContext? _loadContext;

        /// <summary>The "CarbonSpaces" load context the engine and its dependencies are loaded into.</summary>
        public AssemblyLoadContext LoadContext => _loadContext!;

        /// <summary>The precompiled dependencies for this runtime, or null when it loads the IL (<see cref="ReadyToRunImages"/>).</summary>
        public string? ReadyToRunDirectory { get; private set; }

        /// <summary>The companion module with the local embedding model, or null when it is not installed (<see cref="LocalModelModule"/>).</summary>
        public string? LocalModelDirectory { get; private set; }

        /// <summary>Loads the engine into <see cref="LoadContext"/> (or returns the copy already there).</summary>
        public Assembly LoadEngine() => _loadContext!.LoadFromAssemblyName(new AssemblyName(EngineAssemblyName));

        // Both are looked for once, when the module is first imported in this process: the load
        // context keeps what it loaded for the life of the process anyway.
        partial void InitializePlatform()
        {
            ReadyToRunDirectory = ReadyToRunImages.DirectoryFor(DependencyDirectory, Environment.Version, HostPlatform.RuntimeIdentifier);
            string moduleBase = Path.GetDirectoryName(DependencyDirectory)!;
            Version moduleVersion = typeof(DependencyLoader).Assembly.GetName().Version!;
            LocalModelDirectory = LocalModelModule.Find(moduleBase, moduleVersion, Environment.GetEnvironmentVariable("PSModulePath"));
            _loadContext = new EngineLoadContext(DependencyDirectory, ReadyToRunDirectory, LocalModelDirectory);
        }

        partial void InstallPlatform()
        {
            AssemblyLoadContext.Default.Resolving += ResolveEngineForDefaultContext;
        }

        partial void UninstallPlatform()
        {
            AssemblyLoadContext.Default.Resolving -= ResolveEngineForDefaultContext;
        }

        // Only the engine is answered here. Everything the engine needs is then requested by the
        // engine itself, from inside the CarbonSpaces context, so other modules' resolution in the
        // default context is never touched.
        private Assembly? ResolveEngineForDefaultContext(AssemblyLoadContext context, AssemblyName assemblyName)
        {
            return string.Equals(assemblyName.Name, EngineAssemblyName, StringComparison.OrdinalIgnoreCase)
                ? _loadContext!.LoadFromAssemblyName(assemblyName)
                : null;
        }
    }
}
#endif
