<#
.SYNOPSIS
    ./build.ps1 -Task Package builds a nupkg that installs and imports as a user gets it.

.DESCRIPTION
    Runs the Package task, then checks the package as the PowerShell Gallery would hand it out:
    the manifest, both editions' cmdlet assemblies, the engine and its dependencies (with the
    native SQLite for Linux x64), the format file and help; unpacked, the manifest passes
    Test-ModuleManifest and a new PowerShell process imports it and lists every cmdlet the
    manifest exports. Exits 1 with what is wrong. tools/test.sh runs it.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$repositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

& (Join-Path $repositoryRoot 'build.ps1') -Task Package
$version = ([xml](Get-Content -Raw -LiteralPath (Join-Path $repositoryRoot 'Directory.Build.props'))).Project.PropertyGroup.Version | Where-Object { $_ } | Select-Object -First 1
$package = Join-Path $repositoryRoot "out/packages/CarbonSpaces.$version.nupkg"
if (-not (Test-Path -LiteralPath $package -PathType Leaf)) {
    throw "build.ps1 -Task Package did not write $package."
}

$unpacked = Join-Path ([System.IO.Path]::GetTempPath()) ('carbonspaces-package-' + [guid]::NewGuid().ToString('N'))
try {
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    [System.IO.Compression.ZipFile]::ExtractToDirectory($package, $unpacked)
    $expected = @(
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
        'Dependencies/runtimes/linux-x64/native/libe_sqlite3.so'
    )
    $missing = @($expected | Where-Object { -not (Test-Path -LiteralPath (Join-Path $unpacked $_) -PathType Leaf) })
    if ($missing.Count -gt 0) {
        throw "$package lacks: $($missing -join ', ')."
    }

    $manifest = Test-ModuleManifest -Path (Join-Path $unpacked 'CarbonSpaces.psd1')
    if ($manifest.Version -ne [version]$version) {
        throw "The packaged manifest says version $($manifest.Version), Directory.Build.props $version."
    }

    $exported = @($manifest.ExportedCmdlets.Keys | Sort-Object)
    $launcher = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $imported = @(& $launcher -NoLogo -NoProfile -NonInteractive -Command "Import-Module '$unpacked/CarbonSpaces.psd1' -ErrorAction Stop; (Get-Command -Module CarbonSpaces).Name | Sort-Object")
    if ($LASTEXITCODE -ne 0 -or (Compare-Object $exported $imported)) {
        throw "The unpacked package imported with exit code $LASTEXITCODE and the cmdlets '$($imported -join ', ')'; its manifest exports '$($exported -join ', ')'."
    }

    $size = (Get-Item -LiteralPath $package).Length / 1MB
    Write-Host ('Package ok: {0} ({1:N1} MB, {2} cmdlets, imports in a new process)' -f $package, $size, $exported.Count)
}
finally {
    Remove-Item -LiteralPath $unpacked -Recurse -Force -ErrorAction SilentlyContinue
}
