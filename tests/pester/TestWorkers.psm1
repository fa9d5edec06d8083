# Separate PowerShell processes for the multi-process tests (PostgresConcurrency.Tests.ps1): each worker is a
# new pwsh (this PowerShell's own) running TestWorker.ps1, which imports the staged module and runs one script.
#
# - New-TestWorkerFolder / Remove-TestWorkerFolder: a temp folder for one race (scripts, arguments, results).
# - Start-TestWorker: starts a worker with a script block and its arguments; it imports the module and waits.
# - Start-TestWorkerRace: waits until every worker has imported the module, then lets them all go at once.
# - Wait-TestWorker: waits for a worker's end and returns what it wrote (output, errors, warnings, completed).
# - Stop-TestWorker: kills a worker (-Kill: SIGKILL, as a crash) or presses Ctrl+C in it (SIGINT).
# - Get-TestCtrlCProblem: why Stop-TestWorker cannot press Ctrl+C here, or $null.
#
# Workers inherit this process's environment (CARBONSPACES_*, AWS_SHARED_CREDENTIALS_FILE, ...): the data
# sources they sync must take their keys from somewhere every process sees, never from the session.

$script:DefaultSignalEnv = $null

function Test-DefaultSignalEnv {
    <# Whether env can reset SIGINT to its default before it runs a command (GNU coreutils 8.31 and later). #>
    [CmdletBinding()]
    [OutputType([bool])]
    param()

    if ($null -eq $script:DefaultSignalEnv) {
        $script:DefaultSignalEnv = $false
        if (-not $IsWindows -and (Get-Command -Name env -CommandType Application -ErrorAction SilentlyContinue)) {
            $null = & env --default-signal=INT true 2>&1
            $script:DefaultSignalEnv = $LASTEXITCODE -eq 0
        }
    }

    $script:DefaultSignalEnv
}

function Get-TestCtrlCProblem {
    <# Why Stop-TestWorker cannot press Ctrl+C in a worker here, or $null. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ($IsWindows) {
        return 'Ctrl+C is sent as SIGINT, which Windows does not have'
    }

    if (-not (Test-DefaultSignalEnv)) {
        return 'env --default-signal (GNU coreutils 8.31 or later) is not available: a worker started from a background job would ignore SIGINT'
    }

    $null
}

function Get-TestWorkerHost {
    <# The pwsh executable this PowerShell runs from, and the arguments that come before a script's own. #>
    [CmdletBinding()]
    param()

    $executable = Join-Path -Path $PSHOME -ChildPath $(if ($IsWindows) { 'pwsh.exe' } else { 'pwsh' })
    $command = @($executable)
    if (-not (Test-Path -LiteralPath $executable -PathType Leaf)) {
        # The .NET tool package on a system without its native launcher runs through dotnet.
        $command = @('dotnet', (Join-Path -Path $PSHOME -ChildPath 'pwsh.dll'))
    }

    # A process started in the background of a script (tools/test.sh runs Pester so) ignores SIGINT, and its
    # children inherit that: env gives the worker the default back, so Ctrl+C reaches it as it reaches a console.
    # It replaces itself with the worker, whose process id stays the one Start-Process returns.
    if (Test-DefaultSignalEnv) {
        $command = @('env', '--default-signal=INT') + $command
    }

    [pscustomobject]@{ FilePath = $command[0]; Prefix = @($command | Select-Object -Skip 1) }
}

function New-TestWorkerFolder {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('carbonspaces-workers-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $folder -Force
    $folder
}

function Remove-TestWorkerFolder {
    <# Kills the folder's workers that are still running (a failed test), then removes the folder. #>
    [CmdletBinding()]
    param(
        [string] $Folder,

        [object[]] $Worker
    )

    foreach ($running in @($Worker | Where-Object { $null -ne $_ -and -not $_.Process.HasExited })) {
        $running.Process.Kill()
        $null = $running.Process.WaitForExit(10000)
    }

    if (-not [string]::IsNullOrEmpty($Folder) -and (Split-Path -Leaf $Folder) -like 'carbonspaces-workers-*') {
        Remove-Item -LiteralPath $Folder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Start-TestWorker {
    <#
        Starts a worker process that imports the module and waits for Start-TestWorkerRace; it then runs
        -ScriptBlock with -ArgumentList (splatted: the script block's param names are its keys).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Folder,

        [Parameter(Mandatory)]
        [ValidatePattern('^[a-z0-9-]+$')]
        [string] $Name,

        [Parameter(Mandatory)]
        [scriptblock] $ScriptBlock,

        [hashtable] $ArgumentList = @{},

        # The staged CarbonSpaces.psd1 (Get-CarbonSpacesTestModulePath).
        [Parameter(Mandatory)]
        [string] $ModulePath
    )

    Set-Content -LiteralPath (Join-Path -Path $Folder -ChildPath "$Name.ps1") -Value $ScriptBlock.ToString()
    $ArgumentList | Export-Clixml -LiteralPath (Join-Path -Path $Folder -ChildPath "$Name.arguments.xml")
    $workerHost = Get-TestWorkerHost
    $arguments = $workerHost.Prefix + @(
        '-NoLogo', '-NoProfile', '-NonInteractive'
        '-File', (Join-Path -Path $PSScriptRoot -ChildPath 'TestWorker.ps1')
        '-ModulePath', $ModulePath
        '-Folder', $Folder
        '-Name', $Name
    )
    $process = Start-Process -FilePath $workerHost.FilePath -ArgumentList $arguments -PassThru `
        -RedirectStandardOutput (Join-Path -Path $Folder -ChildPath "$Name.stdout") `
        -RedirectStandardError (Join-Path -Path $Folder -ChildPath "$Name.stderr")
    [pscustomobject]@{ Name = $Name; Folder = $Folder; Process = $process }
}

function Get-TestWorkerLog {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [psobject] $Worker
    )

    $log = foreach ($stream in 'stdout', 'stderr') {
        $path = Join-Path -Path $Worker.Folder -ChildPath "$($Worker.Name).$stream"
        if (Test-Path -LiteralPath $path) {
            Get-Content -LiteralPath $path -Raw
        }
    }

    ($log -join "`n").Trim()
}

function Start-TestWorkerRace {
    <# Waits until every worker has imported the module (throws if one ended first), then lets them all go. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object[]] $Worker,

        [int] $TimeoutSeconds = 90
    )

    $waited = [System.Diagnostics.Stopwatch]::StartNew()
    foreach ($one in $Worker) {
        $ready = Join-Path -Path $one.Folder -ChildPath "$($one.Name).ready"
        while (-not (Test-Path -LiteralPath $ready)) {
            if ($one.Process.HasExited) {
                throw "Worker '$($one.Name)' ended (exit code $($one.Process.ExitCode)) before it was ready: $(Get-TestWorkerLog -Worker $one)"
            }

            if ($waited.Elapsed.TotalSeconds -gt $TimeoutSeconds) {
                throw "Worker '$($one.Name)' was not ready after $TimeoutSeconds s: $(Get-TestWorkerLog -Worker $one)"
            }

            Start-Sleep -Milliseconds 50
        }
    }

    foreach ($folder in @($Worker.Folder | Sort-Object -Unique)) {
        Set-Content -LiteralPath (Join-Path -Path $folder -ChildPath 'go') -Value 'go'
    }
}

function Wait-TestWorker {
    <# Waits for the worker to end and returns its result (Name, Completed, Output, Errors, Warnings, Started, Ended). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Worker,

        [int] $TimeoutSeconds = 90
    )

    if (-not $Worker.Process.WaitForExit($TimeoutSeconds * 1000)) {
        $Worker.Process.Kill()
        throw "Worker '$($Worker.Name)' did not end within $TimeoutSeconds s (killed): $(Get-TestWorkerLog -Worker $Worker)"
    }

    $result = Join-Path -Path $Worker.Folder -ChildPath "$($Worker.Name).result.xml"
    if (-not (Test-Path -LiteralPath $result)) {
        throw "Worker '$($Worker.Name)' ended (exit code $($Worker.Process.ExitCode)) without a result: $(Get-TestWorkerLog -Worker $Worker)"
    }

    Import-Clixml -LiteralPath $result
}

function Stop-TestWorker {
    <# -Kill: SIGKILL, as a crash or a killed job (nothing of the worker runs on); otherwise Ctrl+C (SIGINT). #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Worker,

        [switch] $Kill
    )

    if ($Kill) {
        $Worker.Process.Kill()
        $null = $Worker.Process.WaitForExit(10000)
        return
    }

    $output = @(& kill -INT $Worker.Process.Id 2>&1)
    if ($LASTEXITCODE -ne 0) {
        throw "kill -INT $($Worker.Process.Id) failed: $($output -join ' ')"
    }
}

Export-ModuleMember -Function @(
    'New-TestWorkerFolder'
    'Remove-TestWorkerFolder'
    'Start-TestWorker'
    'Get-TestWorkerLog'
    'Start-TestWorkerRace'
    'Wait-TestWorker'
    'Stop-TestWorker'
    'Get-TestCtrlCProblem'
)
