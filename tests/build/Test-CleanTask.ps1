<#
.SYNOPSIS
    ./build.ps1 -Task Clean removes out/ and every project's bin/ and obj/, and nothing else.

.DESCRIPTION
    Runs the Clean task of a copy of build.ps1 in a scratch folder laid out like the repository
    (so the real build outputs stay), then checks what is left. Exits 1 with what is wrong.
    tools/test.sh runs it.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$repositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)

$scratch = Join-Path ([System.IO.Path]::GetTempPath()) ('carbonspaces-clean-' + [guid]::NewGuid().ToString('N'))
try {
    $null = New-Item -ItemType Directory -Path $scratch
    Copy-Item -LiteralPath (Join-Path $repositoryRoot 'build.ps1'), (Join-Path $repositoryRoot 'Directory.Build.props') -Destination $scratch
    $built = @('out/CarbonSpaces/0.1.0/CarbonSpaces.dll', 'src/Cmdlets/bin/Release/x.dll', 'src/Cmdlets/obj/project.assets.json', 'tests/Engine.Tests/bin/x.dll', 'tests/Engine.Tests/obj/x.json')
    $kept = @('src/Cmdlets/Cmdlets.csproj', 'src/Cmdlets/Commands/Command.cs', 'tests/Engine.Tests/Engine.Tests.csproj', 'tools/bin/keep.txt')
    foreach ($file in $built + $kept) {
        $path = Join-Path $scratch $file
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $path) -Force
        Set-Content -LiteralPath $path -Value 'x'
    }

    & (Join-Path $scratch 'build.ps1') -Task Clean

    $left = @('out', 'src/Cmdlets/bin', 'src/Cmdlets/obj', 'tests/Engine.Tests/bin', 'tests/Engine.Tests/obj' | Where-Object { Test-Path -LiteralPath (Join-Path $scratch $_) })
    $lost = @($kept + 'build.ps1' | Where-Object { -not (Test-Path -LiteralPath (Join-Path $scratch $_)) })
    if ($left.Count -gt 0 -or $lost.Count -gt 0) {
        throw "build.ps1 -Task Clean left '$($left -join ', ')' and removed '$($lost -join ', ')'."
    }

    Write-Host 'Clean ok: out/ and the projects'' bin/ and obj/ removed; sources and other folders kept.'
}
finally {
    Remove-Item -LiteralPath $scratch -Recurse -Force -ErrorAction SilentlyContinue
}
