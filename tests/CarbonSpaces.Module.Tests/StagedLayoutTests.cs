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

                // Only SQLite: ONNX Runtime's native library ships in the companion module.
                Assert.Equal(new[] { StagedModule.NativeSqliteFileName(rid) }, native);
            }
        }

        [Fact]
        public void TheLocalEmbeddingModelAndOnnxRuntimeShipInTheCompanionModuleForLinuxWindowsAndAppleSilicon()
        {
            string companion = StagedModule.LocalModelDirectory;

            Assert.True(File.Exists(Path.Combine(companion, StagedModule.LocalModelCarrierFileName)));
            foreach (string rid in new[] { "linux-x64", "linux-arm64", "win-x64", "win-arm64", "osx-arm64" })
            {
                string[] native = Directory.GetFiles(Path.Combine(companion, "runtimes", rid, "native")).Select(Path.GetFileName).ToArray()!;
                Assert.Contains(native, file => file.Contains("onnxruntime", StringComparison.Ordinal));
                Assert.All(native, file => Assert.Contains("onnxruntime", file));
                Assert.DoesNotContain(native, file => file.EndsWith(".lib", StringComparison.Ordinal));
            }

            // No code: the module loads ONNX Runtime's managed API from its own Dependencies/.
            Assert.Equal(new[] { StagedModule.LocalModelCarrierFileName }, Directory.GetFiles(companion, "*.dll").Select(Path.GetFileName));
            Assert.True(File.Exists(Path.Combine(StagedModule.DependencyDirectory(Edition.Core), "Microsoft.ML.OnnxRuntime.dll")));
            foreach (Edition edition in new[] { Edition.Core, Edition.Desktop })
            {
                Assert.Empty(Directory.GetFiles(StagedModule.EditionDirectory(edition), StagedModule.LocalModelCarrierFileName, SearchOption.AllDirectories));
            }
        }

        [Fact]
        public void TheCompanionManifestCarriesTheModulesVersionAndExportsNothing()
        {
            IReadOnlyDictionary<string, object?> manifest = PowerShellDataFile.Load(Path.Combine(StagedModule.LocalModelDirectory, StagedModule.LocalModelName + ".psd1"));

            Assert.Equal(StagedModule.Version, manifest["ModuleVersion"]);
            Assert.Equal(StagedModule.Version, new DirectoryInfo(StagedModule.LocalModelDirectory).Name);
            Assert.Empty(PowerShellDataFile.Strings(manifest, "CmdletsToExport"));
            Assert.Empty(PowerShellDataFile.Strings(manifest, "FunctionsToExport"));
        }

        [Fact]
        public void EachReadyToRunSetHoldsPrecompiledCopiesOfTheEngineAndItsCommonPathDependencies()
        {
            string dependencies = StagedModule.DependencyDirectory(Edition.Core);
            string[] sets = Directory.GetDirectories(Path.Combine(dependencies, "ReadyToRun")).Select(Path.GetFileName).OrderBy(set => set, StringComparer.Ordinal).ToArray()!;

            Assert.Equal(new[] { "net10.0-linux-x64", "net10.0-win-x64", "net8.0-linux-x64", "net8.0-win-x64" }, sets);
            foreach (string set in sets)
            {
                string directory = Path.Combine(dependencies, "ReadyToRun", set);
                foreach (string assembly in new[] { StagedModule.EngineAssemblyName, "AWSSDK.Core", "AWSSDK.S3", "Microsoft.Data.Sqlite", "Microsoft.ML.Tokenizers", "Microsoft.ML.OnnxRuntime" })
                {
                    string path = Path.Combine(directory, assembly + ".dll");
                    Assert.True(File.Exists(path), $"{set} lacks {assembly}.dll");
                    Assert.True(IsReadyToRun(path), $"{set}/{assembly}.dll is IL only");
                }

                // Each precompiled copy stands for an IL assembly of the same name beside it; large
                // assemblies off the common path are left out.
                Assert.All(Directory.GetFiles(directory), file => Assert.True(File.Exists(Path.Combine(dependencies, Path.GetFileName(file))), $"{set}/{Path.GetFileName(file)} has no IL twin"));
                Assert.False(File.Exists(Path.Combine(directory, "DocumentFormat.OpenXml.dll")));
            }

            Assert.DoesNotContain(Directory.GetFiles(dependencies, "*.dll"), IsReadyToRun);
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
            foreach (string file in Directory.GetFiles(dependencies, "*.dll"))
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

        private static bool IsReadyToRun(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
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
