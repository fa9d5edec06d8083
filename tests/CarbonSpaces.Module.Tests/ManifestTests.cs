using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace CarbonSpaces.Module.Tests
{
    public class ManifestTests
    {
        private static readonly string[] DesignedCmdlets =
        {
            "Connect-CarbonSpace", "Get-CarbonDataSource", "Disconnect-CarbonSpace", "Sync-CarbonItem", "Get-CarbonItem",
            "Start-CarbonFileSync", "Get-CarbonFile", "Get-CarbonChunk", "Search-CarbonChunk", "Invoke-CarbonResync",
            "Remove-CarbonFile", "Set-CarbonAutoSync", "Get-CarbonAutoSync", "Invoke-CarbonAutoSync", "Get-CarbonSyncEvent",
            "Set-CarbonTranscriptionService", "Get-CarbonTranscriptionService",
            "Set-CarbonEmbeddingModel", "Get-CarbonEmbeddingModel", "Set-CarbonRerankService", "Get-CarbonRerankService",
            "Copy-CarbonStore",
        };

        private readonly IReadOnlyDictionary<string, object?> _manifest = PowerShellDataFile.Load(StagedModule.ManifestPath);

        public static TheoryData<Edition> Editions => new TheoryData<Edition> { Edition.Core, Edition.Desktop };

        [Theory]
        [MemberData(nameof(Editions))]
        public void EveryCmdletClassIsExportedAndEveryExportedNameHasAClass(Edition edition)
        {
            var exported = new HashSet<string>(PowerShellDataFile.Strings(_manifest, "CmdletsToExport"), StringComparer.OrdinalIgnoreCase);
            var implemented = new HashSet<string>(CmdletAssemblyMetadata.Of(edition).Cmdlets.Select(cmdlet => cmdlet.Name), StringComparer.OrdinalIgnoreCase);

            string[] exportedWithoutClass = exported.Except(implemented, StringComparer.OrdinalIgnoreCase).OrderBy(name => name).ToArray();
            string[] classesNotExported = implemented.Except(exported, StringComparer.OrdinalIgnoreCase).OrderBy(name => name).ToArray();

            Assert.True(
                exportedWithoutClass.Length == 0 && classesNotExported.Length == 0,
                $"{edition} build - exported but no [Cmdlet] class: [{string.Join(", ", exportedWithoutClass)}]; [Cmdlet] class not exported: [{string.Join(", ", classesNotExported)}]");
        }

        [Fact]
        public void TheManifestExportsTheCmdletsOfTheDesign()
        {
            Assert.Equal(
                DesignedCmdlets.OrderBy(name => name, StringComparer.Ordinal),
                PowerShellDataFile.Strings(_manifest, "CmdletsToExport").OrderBy(name => name, StringComparer.Ordinal));
        }

        [Theory]
        [InlineData("FunctionsToExport")]
        [InlineData("VariablesToExport")]
        [InlineData("AliasesToExport")]
        public void TheManifestExportsNothingButCmdlets(string key)
        {
            Assert.True(_manifest.ContainsKey(key), $"{key} must be set explicitly (to @()) so PowerShell does not export everything");
            Assert.Empty(PowerShellDataFile.Strings(_manifest, key));
        }

        [Fact]
        public void TheModuleRunsOnBothEditionsFromWindowsPowerShell51()
        {
            Assert.Equal(new[] { "Desktop", "Core" }, PowerShellDataFile.Strings(_manifest, "CompatiblePSEditions"));
            Assert.Equal("5.1", _manifest["PowerShellVersion"]);
        }

        [Fact]
        public void TheRootModuleIsChosenByEditionAndBothChoicesAreStaged()
        {
            var rootModule = Assert.IsType<PowerShellExpression>(_manifest["RootModule"]);
            Assert.Matches(@"^if\s*\(\s*\$PSEdition\s+-eq\s+'Core'\s*\)", rootModule.Text);

            string[] assemblies = rootModule.StringLiterals().Where(literal => literal.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToArray();

            Assert.Equal(new[] { "CarbonSpaces.dll", "Desktop/CarbonSpaces.dll" }, assemblies);
            Assert.Equal(StagedModule.CmdletsAssemblyPath(Edition.Core), Path.Combine(StagedModule.Directory, assemblies[0]));
            Assert.Equal(
                Path.GetFullPath(StagedModule.CmdletsAssemblyPath(Edition.Desktop)),
                Path.GetFullPath(Path.Combine(StagedModule.Directory, assemblies[1])));
            Assert.All(assemblies, assembly => Assert.True(File.Exists(Path.Combine(StagedModule.Directory, assembly)), assembly + " is not staged"));
        }

        [Fact]
        public void EveryFormatFileTheManifestNamesIsStaged()
        {
            IReadOnlyList<string> formats = PowerShellDataFile.Strings(_manifest, "FormatsToProcess");

            Assert.Equal(new[] { "CarbonSpaces.Format.ps1xml" }, formats);
            Assert.All(formats, format => Assert.True(File.Exists(Path.Combine(StagedModule.Directory, format)), format + " is not staged"));
        }

        [Fact]
        public void TheManifestIdentifiesTheModuleForTheGallery()
        {
            Assert.True(Guid.TryParse(_manifest["GUID"] as string, out Guid guid) && guid != Guid.Empty, "GUID must be a fixed, valid GUID");
            Assert.False(string.IsNullOrWhiteSpace(_manifest["Author"] as string), "Author is required by the PowerShell Gallery");
            Assert.False(string.IsNullOrWhiteSpace(_manifest["Description"] as string), "Description is required by the PowerShell Gallery");
        }

        [Fact]
        public void TheGalleryTagsNameTheTopicsBothEditionsAndEveryPlatform()
        {
            var privateData = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(_manifest["PrivateData"]);
            var psData = Assert.IsAssignableFrom<IReadOnlyDictionary<string, object?>>(privateData["PSData"]);
            string[] expected = { "S3", "DigitalOcean", "Spaces", "Carbon", "RAG", "Search", "SQLite", "PSEdition_Core", "PSEdition_Desktop", "Windows", "Linux", "MacOS" };

            Assert.Equal(expected, PowerShellDataFile.Strings(psData, "Tags"));
            Assert.False(string.IsNullOrWhiteSpace(psData["ReleaseNotes"] as string), "ReleaseNotes should say what this version brings");
        }

        [Fact]
        public void TheManifestLoadsNoAssemblyIntoTheSessionItself()
        {
            // RequiredAssemblies and NestedModules would load dependencies into PowerShell's own
            // context, around the loader.
            Assert.False(_manifest.ContainsKey("RequiredAssemblies"), "RequiredAssemblies would bypass the dependency loader");
            Assert.False(_manifest.ContainsKey("NestedModules"), "NestedModules would bypass the dependency loader");
        }
    }
}
