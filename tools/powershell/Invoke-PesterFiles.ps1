<#
.SYNOPSIS
    Runs some Pester files against the staged module and prints one PESTER_COUNTS line.

.DESCRIPTION
    tools/test.sh starts one of these per group of test files (the groups run in parallel
    processes) and adds up the PESTER_COUNTS lines: passed, failed (failed tests plus failed
    blocks and containers, so a broken BeforeAll counts), skipped. Pester is imported from
    out/modules (tools/pwsh puts the pinned version there), never from whatever else is installed.
#>
param(
    [Parameter(Mandatory)] [string] $ResultFile,

    # The test files: the remaining arguments, so that a shell can pass them as they are.
    [Parameter(Mandatory, ValueFromRemainingArguments)] [string[]] $Path
)

# No global $ErrorActionPreference here: it would leak into the tests' scopes.
$ProgressPreference = 'SilentlyContinue'
$repositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
try {
    Import-Module -Name (Join-Path $repositoryRoot 'out/modules/Pester') -ErrorAction Stop
}
catch {
    Write-Host "Pester could not be imported from out/modules (run tools/pwsh --install-only): $_"
    Write-Host 'PESTER_COUNTS 0 1 0'
    exit 1
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $Path
$configuration.Run.PassThru = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultFile
$result = Invoke-Pester -Configuration $configuration
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host ('PESTER_COUNTS {0} {1} {2}' -f $result.PassedCount, $failed, $result.SkippedCount)
if ($failed -gt 0) { exit 1 }
exit 0
