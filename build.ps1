#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, packages, cleans or demonstrates the CarbonSpaces module.

.DESCRIPTION
    A thin wrapper over dotnet. Every build stages the importable module in
    out/CarbonSpaces/<version>/ (the version is set once, in Directory.Build.props).

    Build    dotnet build CarbonSpaces.sln; prints the staged module's path. The companion module
             CarbonSpaces.LocalModel (the local embedding model and ONNX Runtime) is staged beside
             it, in out/CarbonSpaces.LocalModel/<version>/, where the module finds it.
    Test     Linux/macOS: tools/test.sh (starts a throw-away Ceph RGW, builds Release, runs every
             test project and Pester). Windows: build, dotnet test, then Pester (tests/pester) in
             PowerShell 7 and, when it has Pester 5, in Windows PowerShell 5.1. The xunit suites
             need an S3 endpoint there: set CARBONSPACES_TEST_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY
             (and _REGION).
    Package  Build, then out/packages/CarbonSpaces.<version>.nupkg and
             CarbonSpaces.LocalModel.<version>.nupkg, the packages Publish-PSResource/Publish-Module
             would push to the PowerShell Gallery.
    Clean    Removes out/ and every project's bin/ and obj/.
    Demo     Build, then runs tools/demo.ps1 -ModulePath <staged CarbonSpaces.psd1> in a new pwsh.

    Anything that imports the module (Pester, Demo, packaging) runs in a child process, so this
    session never holds the staged DLLs open and the next build can replace them.

.PARAMETER Task
    Build (default), Test, Package, Clean or Demo.

.PARAMETER Configuration
    The dotnet build configuration: Release (default) or Debug.

.PARAMETER TestArgument
    With -Task Test on Linux or macOS: arguments for tools/test.sh, such as
    '--filter', 'FullyQualifiedName~ManifestTests', '--pester', 'Get-CarbonFile*'.

.EXAMPLE
    ./build.ps1

    Builds and stages out/CarbonSpaces/<version>/; Import-Module that folder's CarbonSpaces.psd1.

.EXAMPLE
    ./build.ps1 -Task Package

    Writes out/packages/CarbonSpaces.<version>.nupkg and CarbonSpaces.LocalModel.<version>.nupkg.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package', 'Clean', 'Demo')]
    [string] $Task = 'Build',

    [string] $Configuration = 'Release',

    [string[]] $TestArgument = @()
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$RepositoryRoot = $PSScriptRoot
$Solution = Join-Path $RepositoryRoot 'CarbonSpaces.sln'
$OutDirectory = Join-Path $RepositoryRoot 'out'

function Invoke-Tool {
    # Runs a native command, showing its output, and stops the script when it fails.
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )

    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$FilePath $($ArgumentList -join ' ') failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    $props = [xml](Get-Content -Raw -LiteralPath (Join-Path $RepositoryRoot 'Directory.Build.props'))
    $version = $props.SelectSingleNode('/Project/PropertyGroup/Version')
    if ($null -eq $version -or [string]::IsNullOrWhiteSpace($version.InnerText)) {
        throw 'Directory.Build.props sets no <Version>.'
    }

    $version.InnerText.Trim()
}

function Get-StagedModule {
    # The module, or with -Name CarbonSpaces.LocalModel its companion, as the build staged it.
    param([string] $Name = 'CarbonSpaces')

    $directory = Join-Path $OutDirectory $Name (Get-ModuleVersion)
    $manifest = Join-Path $directory "$Name.psd1"
    if (-not (Test-Path -LiteralPath $manifest -PathType Leaf)) {
        throw "$Name is not staged at $directory. Run: ./build.ps1 -Task Build"
    }

    [pscustomobject]@{
        Name      = $Name
        Directory = $directory
        Manifest  = $manifest
        Version   = Get-ModuleVersion
    }
}

function Get-PowerShellExecutable {
    # The executable of this PowerShell, for child processes. Not the process's own path: under
    # PowerShell installed as a .NET tool that is dotnet itself, and its launcher sits in $PSHOME.
    $launcher = Join-Path $PSHOME $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    if (Test-Path -LiteralPath $launcher -PathType Leaf) {
        return $launcher
    }

    (Get-Process -Id $PID).Path
}

function Invoke-ChildPowerShell {
    # Runs a script block in a new process of the given PowerShell and fails when it does.
    param(
        [Parameter(Mandatory)] [string] $Executable,
        [Parameter(Mandatory)] [scriptblock] $ScriptBlock,
        [object[]] $ArgumentList = @()
    )

    & $Executable -NoLogo -NoProfile -NonInteractive -Command $ScriptBlock -args $ArgumentList | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "$Executable failed with exit code $LASTEXITCODE."
    }
}

function Invoke-BuildTask {
    Invoke-Tool -FilePath 'dotnet' -ArgumentList @('build', $Solution, '-c', $Configuration)
    $module = Get-StagedModule
    Write-Host "Staged module: $($module.Manifest)" -ForegroundColor Green
    Write-Host "Staged companion (local embedding model): $((Get-StagedModule -Name 'CarbonSpaces.LocalModel').Manifest)" -ForegroundColor Green
    $module
}

function Invoke-PesterIn {
    # Pester 5 over tests/pester, in a new process of the given PowerShell, against the staged module.
    param(
        [Parameter(Mandatory)] [string] $Executable,
        [Parameter(Mandatory)] [string] $ModuleManifest,
        [switch] $SkipWithoutPester
    )

    $testPath = Join-Path $RepositoryRoot 'tests' 'pester'
    if (-not (Get-ChildItem -LiteralPath $testPath -Filter '*.Tests.ps1' -File -ErrorAction SilentlyContinue)) {
        Write-Host "Pester: no tests in $testPath"
        return
    }

    $resultDirectory = Join-Path $RepositoryRoot 'TestResults'
    $null = New-Item -ItemType Directory -Path $resultDirectory -Force
    $resultFile = Join-Path $resultDirectory ("pester-{0}.xml" -f [IO.Path]::GetFileNameWithoutExtension($Executable))
    Invoke-ChildPowerShell -Executable $Executable -ArgumentList @($testPath, $ModuleManifest, $resultFile, [bool] $SkipWithoutPester) -ScriptBlock {
        param($TestPath, $ModuleManifest, $ResultFile, $SkipWithoutPester)
        $ErrorActionPreference = 'Stop'
        $pester = Get-Module -ListAvailable -Name Pester |
            Where-Object { $_.Version -ge [version] '5.0.0' } |
            Sort-Object -Property Version -Descending |
            Select-Object -First 1
        if (-not $pester) {
            if ($SkipWithoutPester) {
                Write-Warning "Pester 5 is not installed for $($PSVersionTable.PSEdition) PowerShell $($PSVersionTable.PSVersion); its Pester run is skipped."
                exit 0
            }

            throw 'Pester 5 is not installed: Install-Module Pester -MinimumVersion 5.0.0 -Scope CurrentUser'
        }

        Import-Module $pester
        $env:CARBONSPACES_MODULE_PATH = $ModuleManifest
        $configuration = New-PesterConfiguration
        $configuration.Run.Path = $TestPath
        $configuration.Run.PassThru = $true
        $configuration.Output.Verbosity = 'Detailed'
        $configuration.TestResult.Enabled = $true
        $configuration.TestResult.OutputPath = $ResultFile
        $result = Invoke-Pester -Configuration $configuration
        if ($result.FailedCount -gt 0 -or $result.Result -ne 'Passed') {
            exit 1
        }

        exit 0
    }
}

function Invoke-TestTask {
    if (-not $IsWindows) {
        if ($Configuration -ne 'Release') {
            Write-Warning "tools/test.sh builds and tests Release; -Configuration $Configuration does not apply."
        }

        Invoke-Tool -FilePath 'bash' -ArgumentList (@((Join-Path $RepositoryRoot 'tools' 'test.sh')) + $TestArgument)
        return
    }

    $module = Invoke-BuildTask
    $metadataSetting = $env:AWS_EC2_METADATA_DISABLED
    $env:AWS_EC2_METADATA_DISABLED = 'true'
    try {
        Invoke-Tool -FilePath 'dotnet' -ArgumentList @('test', $Solution, '-c', $Configuration, '--no-build')
    }
    finally {
        $env:AWS_EC2_METADATA_DISABLED = $metadataSetting
    }

    Invoke-PesterIn -Executable (Get-PowerShellExecutable) -ModuleManifest $module.Manifest
    $windowsPowerShell = Get-Command -Name 'powershell.exe' -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($windowsPowerShell) {
        Invoke-PesterIn -Executable $windowsPowerShell.Source -ModuleManifest $module.Manifest -SkipWithoutPester
    }
}

function Invoke-PackageTask {
    $null = Invoke-BuildTask
    $packages = Join-Path $OutDirectory 'packages'
    $null = New-Item -ItemType Directory -Path $packages -Force
    # The module and its companion (the local embedding model and ONNX Runtime: most of the size,
    # so users who embed through a service, or run Windows PowerShell 5.1, need not download them).
    foreach ($module in (Get-StagedModule), (Get-StagedModule -Name 'CarbonSpaces.LocalModel')) {
        Invoke-PackModule -Module $module -Packages $packages
    }

    Write-Host "Publish both: Publish-PSResource -NupkgPath <nupkg> -Repository PSGallery -ApiKey <key> (CarbonSpaces.LocalModel first)"
}

function Invoke-PackModule {
    param(
        [Parameter(Mandatory)] [psobject] $Module,
        [Parameter(Mandatory)] [string] $Packages
    )

    $nupkgName = "$($Module.Name).$($Module.Version).nupkg"
    Get-ChildItem -LiteralPath $Packages -Filter '*.nupkg' -File |
        Where-Object Name -EQ $nupkgName |
        Remove-Item -Force

    # PSResourceGet (shipped with PowerShell 7.4+) builds the same package the Gallery receives:
    # Compress-PSResource where present (1.1+), otherwise Publish-PSResource to a temporary
    # file repository.
    Invoke-ChildPowerShell -Executable (Get-PowerShellExecutable) -ArgumentList @($Module.Directory, $Packages) -ScriptBlock {
        param($ModuleDirectory, $Packages)
        $ErrorActionPreference = 'Stop'
        try {
            Import-Module Microsoft.PowerShell.PSResourceGet -MinimumVersion 1.0.0
        }
        catch {
            throw "Packaging needs Microsoft.PowerShell.PSResourceGet (PowerShell 7.4+ ships it; else Install-Module Microsoft.PowerShell.PSResourceGet): $_"
        }

        if (Get-Command -Name Compress-PSResource -ErrorAction SilentlyContinue) {
            Compress-PSResource -Path $ModuleDirectory -DestinationPath $Packages
            exit 0
        }

        $repository = 'CarbonSpacesBuild-' + [guid]::NewGuid().ToString('N').Substring(0, 8)
        Register-PSResourceRepository -Name $repository -Uri $Packages -Trusted
        try {
            Publish-PSResource -Path $ModuleDirectory -Repository $repository -SkipDependenciesCheck
        }
        finally {
            Unregister-PSResourceRepository -Name $repository
        }

        exit 0
    }

    $package = Get-ChildItem -LiteralPath $Packages -Filter '*.nupkg' -File | Where-Object Name -EQ $nupkgName | Select-Object -First 1
    if (-not $package) {
        throw "Packaging finished but $nupkgName is not in $Packages."
    }

    Write-Host ('Package: {0} ({1:N1} MB)' -f $package.FullName, ($package.Length / 1MB)) -ForegroundColor Green
}

function Invoke-CleanTask {
    if (Test-Path -LiteralPath $OutDirectory) {
        Remove-Item -LiteralPath $OutDirectory -Recurse -Force
        Write-Host "Removed $OutDirectory"
    }

    $projectDirectories = Get-ChildItem -Path (Join-Path $RepositoryRoot 'src'), (Join-Path $RepositoryRoot 'tests') -Filter '*.csproj' -File -Recurse |
        Select-Object -ExpandProperty DirectoryName -Unique
    foreach ($projectDirectory in $projectDirectories) {
        foreach ($name in 'bin', 'obj') {
            $path = Join-Path $projectDirectory $name
            if (Test-Path -LiteralPath $path) {
                Remove-Item -LiteralPath $path -Recurse -Force
                Write-Host "Removed $path"
            }
        }
    }
}

function Invoke-DemoTask {
    $module = Invoke-BuildTask
    $demo = Join-Path $RepositoryRoot 'tools' 'demo.ps1'
    if (-not (Test-Path -LiteralPath $demo -PathType Leaf)) {
        throw "$demo does not exist."
    }

    Write-Host "> $demo -ModulePath $($module.Manifest)" -ForegroundColor Cyan
    & (Get-PowerShellExecutable) -NoLogo -NoProfile -File $demo -ModulePath $module.Manifest | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "tools/demo.ps1 failed with exit code $LASTEXITCODE."
    }
}

switch ($Task) {
    'Build' { $null = Invoke-BuildTask }
    'Test' { Invoke-TestTask }
    'Package' { Invoke-PackageTask }
    'Clean' { Invoke-CleanTask }
    'Demo' { Invoke-DemoTask }
}
