<#
.SYNOPSIS
    ./build.ps1 -Task Test runs the test command and passes on its result.

.DESCRIPTION
    Runs the Test task with filters that pick a few xunit tests and one Pester file (the whole
    suite is what is running this), and checks that it succeeded and that both kinds of tests left
    results in $env:CARBONSPACES_TEST_RESULTS. tools/test.sh runs it with CARBONSPACES_TEST_NESTED
    set, so the nested run does not start this check again. Exits 1 with what is wrong.
#>
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$repositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$results = $env:CARBONSPACES_TEST_RESULTS
if ([string]::IsNullOrEmpty($results)) {
    throw 'Set CARBONSPACES_TEST_RESULTS to a scratch folder: the nested run writes its results there.'
}

# build.ps1 throws when tools/test.sh exits non-zero: a failed test, a failed build, no test run.
& (Join-Path $repositoryRoot 'build.ps1') -Task Test -TestArgument @(
    '--no-install', '--filter', 'FullyQualifiedName~ManifestTests', '--pester', 'Get-CarbonAutoSync.Tests.ps1')

$xunit = @(Get-ChildItem -LiteralPath $results -Filter '*.trx' | Where-Object { (Get-Content -Raw -LiteralPath $_.FullName) -match 'outcome="Passed"' })
$pester = @(Get-ChildItem -LiteralPath $results -Filter 'pester-*.xml' | Where-Object { ([xml](Get-Content -Raw -LiteralPath $_.FullName)).'test-results'.total -gt 0 })
if ($xunit.Count -eq 0 -or $pester.Count -eq 0) {
    throw "build.ps1 -Task Test left $($xunit.Count) TRX files with passed tests and $($pester.Count) Pester result files with tests in $results."
}

Write-Host "Test ok: build.ps1 -Task Test ran xunit ($($xunit.Name -join ', ')) and Pester ($($pester.Name -join ', '))."
