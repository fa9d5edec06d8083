using System;
using System.Collections.Generic;
using System.IO;

namespace CarbonSpaces.Loading
{
    /// <summary>
    /// Makes CarbonSpaces.Engine and everything it depends on load from the module's
    /// <c>Dependencies</c> folder, apart from whatever else the session has loaded (AWS.Tools ships
    /// other AWSSDK.Core builds under the same assembly version). On PowerShell 7 the engine goes
    /// into its own <c>AssemblyLoadContext</c>; on Windows PowerShell 5.1 it is resolved through
    /// <c>AppDomain.AssemblyResolve</c> and the native SQLite library is loaded by full path.
    /// </summary>
    /// <remarks>
    /// Knows nothing of PowerShell, so tests drive it against the staged module folder. There is one
    /// loader per dependency folder for the life of the process: importing the module again
    /// (<c>Import-Module -Force</c>, or Remove-Module then Import-Module) reuses it, and with it
    /// the one copy of each dependency already loaded.
    /// </remarks>
    internal sealed partial class DependencyLoader
    {
        internal const string EngineAssemblyName = "CarbonSpaces.Engine";

        internal const string DependencyFolderName = "Dependencies";

        private static readonly object s_gate = new object();

        private static readonly Dictionary<string, DependencyLoader> s_loaders = new Dictionary<string, DependencyLoader>(StringComparer.Ordinal);

        private bool _installed;

        private DependencyLoader(string dependencyDirectory)
        {
            DependencyDirectory = dependencyDirectory;
            InitializePlatform();
        }

        /// <summary>The folder the engine and its dependencies are loaded from.</summary>
        public string DependencyDirectory { get; }

        /// <summary>Whether the loader currently answers assembly resolution requests.</summary>
        public bool IsInstalled
        {
            get
            {
                lock (s_gate)
                {
                    return _installed;
                }
            }
        }

        /// <summary>The loader for the <c>Dependencies</c> folder beside this (the cmdlets) assembly.</summary>
        public static DependencyLoader ForThisModule()
        {
            string location = typeof(DependencyLoader).Assembly.Location;
            if (string.IsNullOrEmpty(location))
            {
                throw new InvalidOperationException(
                    "The CarbonSpaces cmdlets assembly was loaded from memory, so its Dependencies folder cannot be found. Import the module from its folder (Import-Module <path>/CarbonSpaces.psd1).");
            }

            return ForDirectory(Path.Combine(Path.GetDirectoryName(location)!, DependencyFolderName));
        }

        /// <summary>The one loader for <paramref name="dependencyDirectory"/>, created on first use.</summary>
        public static DependencyLoader ForDirectory(string dependencyDirectory)
        {
            if (string.IsNullOrEmpty(dependencyDirectory))
            {
                throw new ArgumentException("A dependency folder is required.", nameof(dependencyDirectory));
            }

            string fullPath = Path.GetFullPath(dependencyDirectory).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            if (!System.IO.File.Exists(Path.Combine(fullPath, EngineAssemblyName + ".dll")))
            {
                throw new FileNotFoundException(
                    $"The CarbonSpaces module is incomplete: '{EngineAssemblyName}.dll' is missing from '{fullPath}'. Reinstall the module or rebuild it (./build.ps1).",
                    Path.Combine(fullPath, EngineAssemblyName + ".dll"));
            }

            lock (s_gate)
            {
                if (!s_loaders.TryGetValue(fullPath, out DependencyLoader? loader))
                {
                    loader = new DependencyLoader(fullPath);
                    s_loaders.Add(fullPath, loader);
                }

                return loader;
            }
        }

        /// <summary>Starts answering for the engine and its dependencies. Calling it again does nothing.</summary>
        public void Install()
        {
            lock (s_gate)
            {
                if (_installed)
                {
                    return;
                }

                InstallPlatform();
                _installed = true;
            }
        }

        /// <summary>
        /// Stops answering resolution requests. Assemblies already loaded stay loaded (.NET cannot
        /// unload them); a later <see cref="Install"/> answers with those same copies.
        /// </summary>
        public void Uninstall()
        {
            lock (s_gate)
            {
                if (!_installed)
                {
                    return;
                }

                UninstallPlatform();
                _installed = false;
            }
        }

        partial void InitializePlatform();

        partial void InstallPlatform();

        partial void UninstallPlatform();
    }
}
