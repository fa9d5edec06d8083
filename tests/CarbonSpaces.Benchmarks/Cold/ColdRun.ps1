<#
    One cold measurement: the first work of a new PowerShell process, as a runbook or cron job
    runs it. Import-Module of the staged module, Connect-CarbonSpace, then one cmdlet timed with
    a Stopwatch. The secret key comes in $env:CARBONSPACES_BENCH_SECRET_KEY (never on the command
    line); $env:CARBONSPACES_BENCH_STARTED_AT is the parent's Stopwatch timestamp just before it
    started this process (the same monotonic clock), so start-up counts from the process start.
    Writes one JSON object to -ResultPath (see Harness/ColdRunner.cs).
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [ValidateSet('items-sync', 'file-sync', 'resync', 'auto-sync')] [string] $Work,
    [Parameter(Mandatory)] [string] $Endpoint,
    [Parameter(Mandatory)] [string] $Region,
    [Parameter(Mandatory)] [string] $AccessKey,
    [Parameter(Mandatory)] [string] $StorePath,
    [Parameter(Mandatory)] [string] $CustomerId,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string] $Bucket,
    [int] $ThrottleLimit = 16
)

$ErrorActionPreference = 'Stop'

# Each mark: seconds since the process start, and the JIT compiler's totals (all threads) so far.
function Get-Mark {
    $now = [System.Diagnostics.Stopwatch]::GetTimestamp()
    [ordered]@{
        Seconds    = ($now - [long]$env:CARBONSPACES_BENCH_STARTED_AT) / [System.Diagnostics.Stopwatch]::Frequency
        JitSeconds = [System.Runtime.JitInfo]::GetCompilationTime().TotalSeconds
        JitMethods = [System.Runtime.JitInfo]::GetCompiledMethodCount()
        Assemblies = [AppDomain]::CurrentDomain.GetAssemblies().Count
    }
}

$marks = [ordered]@{ HostReady = Get-Mark }
$result = [ordered]@{ Marks = $marks; Error = $null; Counts = [ordered]@{} }
try {
    Import-Module $ModulePath
    $marks.Imported = Get-Mark

    $secret = ConvertTo-SecureString $env:CARBONSPACES_BENCH_SECRET_KEY -AsPlainText -Force
    $source = Connect-CarbonSpace -Endpoint $Endpoint -Region $Region -AccessKey $AccessKey -SecretKey $secret -CustomerId $CustomerId -Name bench -StorePath $StorePath
    $marks.Connected = Get-Mark

    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    switch ($Work) {
        'items-sync' { $output = Sync-CarbonItem -DataSourceId $source.Id -Bucket $Bucket -StorePath $StorePath }
        'file-sync' { $output = Start-CarbonFileSync -DataSourceId $source.Id -Bucket $Bucket -SkipEmbeddingGeneration -ThrottleLimit $ThrottleLimit -StorePath $StorePath }
        'resync' { $output = Get-CarbonFile -DataSourceId $source.Id -StorePath $StorePath | Invoke-CarbonResync -ThrottleLimit $ThrottleLimit -StorePath $StorePath }
        'auto-sync' { $output = Invoke-CarbonAutoSync -CustomerId $CustomerId -Force -ThrottleLimit $ThrottleLimit -StorePath $StorePath }
    }
    $clock.Stop()
    $marks.Done = Get-Mark
    $result.CmdletSeconds = $clock.Elapsed.TotalSeconds

    # Counted after the span, so that reading them costs the measurement nothing.
    switch ($Work) {
        'items-sync' { $result.Counts.objects = $output.Objects; $result.Counts.added = $output.Added; $result.Counts.updated = $output.Updated; $result.Counts.removed = $output.Removed }
        'file-sync' { $result.Counts.ready = @($output | Where-Object SyncStatus -eq 'READY').Count; $result.Counts.files = @($output).Count }
        'resync' { $result.Counts.files = @($output).Count; $result.Counts.ready = @($output | Where-Object SyncStatus -eq 'READY').Count }
        'auto-sync' { $result.Counts.filesResynced = ($output | Measure-Object FilesResynced -Sum).Sum; $result.Counts.filesSynced = ($output | Measure-Object FilesSynced -Sum).Sum; $result.Counts.errors = ($output | Measure-Object Errors -Sum).Sum }
    }
}
catch {
    $result.Error = "$($_.FullyQualifiedErrorId): $_"
}

$result | ConvertTo-Json -Depth 4 | Set-Content -LiteralPath $ResultPath -Encoding utf8
