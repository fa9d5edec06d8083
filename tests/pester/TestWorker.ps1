<#
    One PowerShell process of a multi-process test, started by Start-TestWorker (TestWorkers.psm1): imports the
    module, says it is ready, waits for the go file (so that the workers of a race start their cmdlets at the same
    moment), runs its script and saves what the script wrote: output, errors, warnings, and whether it ran to the end
    (a worker stopped by Ctrl+C still saves them: PowerShell runs the finally block).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,

    # Holds <Name>.ps1 and <Name>.arguments.xml (from Start-TestWorker); this worker writes <Name>.ready and
    # <Name>.result.xml, and waits for 'go'.
    [Parameter(Mandatory)] [string] $Folder,

    [Parameter(Mandatory)] [string] $Name
)

$ProgressPreference = 'SilentlyContinue'
$ErrorActionPreference = 'Stop'
Import-Module -Name $ModulePath
$ErrorActionPreference = 'Continue'
$arguments = Import-Clixml -LiteralPath (Join-Path -Path $Folder -ChildPath "$Name.arguments.xml")
$script = Join-Path -Path $Folder -ChildPath "$Name.ps1"
$go = Join-Path -Path $Folder -ChildPath 'go'

Set-Content -LiteralPath (Join-Path -Path $Folder -ChildPath "$Name.ready") -Value $PID
$waited = [System.Diagnostics.Stopwatch]::StartNew()
while (-not (Test-Path -LiteralPath $go)) {
    if ($waited.Elapsed.TotalSeconds -gt 120) {
        throw "Worker '$Name' waited two minutes for the go file in '$Folder'."
    }

    Start-Sleep -Milliseconds 20
}

$output = [System.Collections.Generic.List[object]]::new()
$errors = [System.Collections.Generic.List[object]]::new()
$warnings = [System.Collections.Generic.List[string]]::new()
$completed = $false
$started = [datetime]::UtcNow
try {
    & $script @arguments 2>&1 3>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) {
            $errors.Add([pscustomobject]@{ ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message })
        }
        elseif ($_ -is [System.Management.Automation.WarningRecord]) {
            $warnings.Add($_.Message)
        }
        else {
            $output.Add($_)
        }
    }

    $completed = $true
}
catch {
    $errors.Add([pscustomobject]@{ ErrorId = $_.FullyQualifiedErrorId; Message = $_.Exception.Message })
}
finally {
    [pscustomobject]@{
        Name      = $Name
        ProcessId = $PID
        Started   = $started
        Ended     = [datetime]::UtcNow
        Completed = $completed
        Output    = $output.ToArray()
        Errors    = $errors.ToArray()
        Warnings  = $warnings.ToArray()
    } | Export-Clixml -LiteralPath (Join-Path -Path $Folder -ChildPath "$Name.result.xml") -Depth 3
}
