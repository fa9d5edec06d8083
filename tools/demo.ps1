<#
.SYNOPSIS
    The main job end to end: connect, load items, sync files, search, and auto-sync.

.DESCRIPTION
    With -Endpoint (and a credential: -Credential, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY) it
    runs against a real Space or S3 account and syncs the first -Bucket it is given. Without
    them it starts a throw-away Ceph RGW on 127.0.0.1 (Linux, tools/rgw), uploads sample files with
    curl, and runs against that. The store lives in a temporary folder unless -StorePath is given.

.EXAMPLE
    ./tools/demo.ps1 -ModulePath ./out/CarbonSpaces/0.1.0/CarbonSpaces.psd1

.EXAMPLE
    ./tools/demo.ps1 -ModulePath ./out/CarbonSpaces/0.1.0/CarbonSpaces.psd1 -Endpoint nyc3.digitaloceanspaces.com -Credential (Get-Credential) -Bucket handbook
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)]
    [string] $ModulePath,

    [string] $Endpoint,

    [pscredential] $Credential,

    [string] $Bucket,

    [string] $StorePath
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$RepositoryRoot = Split-Path -Parent $PSScriptRoot

function Write-Step([string] $Text) {
    Write-Host ''
    Write-Host "== $Text" -ForegroundColor Cyan
}

function Start-LocalS3 {
    # A single-node Ceph RGW on a free loopback port; returns its endpoint and keys.
    $directory = Join-Path ([System.IO.Path]::GetTempPath()) ("carbonspaces-demo-rgw-" + [guid]::NewGuid().ToString('N'))
    & bash (Join-Path $RepositoryRoot 'tools/rgw/start-rgw.sh') $directory 0 | Out-Host
    if ($LASTEXITCODE -ne 0) {
        throw "Could not start the local RGW (tools/rgw/start-rgw.sh exit code $LASTEXITCODE). Run 'bash tools/install-prerequisites.sh' first."
    }

    $settings = @{}
    foreach ($line in Get-Content -LiteralPath (Join-Path $directory 's3.env')) {
        $name, $value = $line -split '=', 2
        $settings[$name] = $value
    }

    [pscustomobject]@{
        Directory = $directory
        Endpoint  = $settings['S3_ENDPOINT']
        Region    = $settings['S3_REGION']
        AccessKey = $settings['S3_ACCESS_KEY']
        SecretKey = $settings['S3_SECRET_KEY']
    }
}

function Invoke-SignedPut([psobject] $Server, [string] $Path, [string] $BodyPath) {
    # One SigV4-signed PUT with curl: the demo uploads its samples without any AWS module.
    $hash = if ($BodyPath) { (Get-FileHash -LiteralPath $BodyPath -Algorithm SHA256).Hash.ToLowerInvariant() } else { 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }
    # --noproxy names the host: a bare * in an argument array is expanded to file names on Unix.
    $arguments = @('--silent', '--show-error', '--fail', '--noproxy', ([uri]$Server.Endpoint).Host,
        '--aws-sigv4', "aws:amz:$($Server.Region):s3", '--user', "$($Server.AccessKey):$($Server.SecretKey)",
        '--header', "x-amz-content-sha256: $hash", '--request', 'PUT')
    if ($BodyPath) {
        $arguments += @('--data-binary', "@$BodyPath")
    }

    & curl @arguments ($Server.Endpoint + $Path) | Out-Null
    if ($LASTEXITCODE -ne 0) {
        throw "curl PUT $Path failed with exit code $LASTEXITCODE."
    }
}

function Publish-SampleFiles([psobject] $Server, [string] $BucketName) {
    Invoke-SignedPut $Server "/$BucketName" $null
    $samples = [ordered]@{
        'policies/parental-leave.md' = "# Parental leave`n`nEmployees may take up to sixteen weeks of paid parental leave.`n`nRequests go to the HR team."
        'policies/remote-work.txt'   = "Remote work policy.`n`nTeams agree on two office days a week. Equipment is provided."
        'reports/2026/q3/sales.csv'  = "region,quarter,revenue`nEMEA,Q3,1200000`nAPAC,Q3,950000`nAmericas,Q3,1800000"
        'reports/2026/q3/notes.html' = "<html><head><title>Q3 notes</title></head><body><h1>Q3</h1><p>Revenue grew in every region.</p></body></html>"
        'config/services.json'       = '{"search": {"engine": "sqlite fts5", "ranking": "bm25"}, "sync": {"interval_hours": 24}}'
        'bin/tool.exe'               = 'MZ not really a program'
    }
    foreach ($key in $samples.Keys) {
        $file = [System.IO.Path]::GetTempFileName()
        try {
            [System.IO.File]::WriteAllText($file, $samples[$key], [System.Text.UTF8Encoding]::new($false))
            Invoke-SignedPut $Server "/$BucketName/$key" $file
        }
        finally {
            Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
        }
    }

    Write-Host "Uploaded $($samples.Count) sample objects to bucket '$BucketName' (one of them unsupported on purpose)."
}

# A relative path without ./ would be looked up as a module name on PSModulePath.
Import-Module (Resolve-Path -LiteralPath $ModulePath).ProviderPath -Force
$ownsStore = -not $StorePath
if ($ownsStore) {
    $StorePath = Join-Path ([System.IO.Path]::GetTempPath()) ("carbonspaces-demo-" + [guid]::NewGuid().ToString('N')) 'carbon.db'
}

$server = $null
try {
    if ($Endpoint) {
        $connectArguments = @{ Endpoint = $Endpoint; StorePath = $StorePath; CustomerId = 'demo' }
        if ($Credential) { $connectArguments.Credential = $Credential }
        if (-not $Bucket) { throw 'With -Endpoint, also give -Bucket: the bucket whose files the demo syncs.' }
    }
    else {
        Write-Step 'Starting a local S3 server (Ceph RGW on 127.0.0.1) with sample files'
        $server = Start-LocalS3
        $Bucket = 'handbook'
        Publish-SampleFiles $server $Bucket
        $secret = ConvertTo-SecureString $server.SecretKey -AsPlainText -Force
        $connectArguments = @{
            Endpoint   = $server.Endpoint
            Region     = $server.Region
            Credential = [pscredential]::new($server.AccessKey, $secret)
            Provider   = 'DigitalOcean'
            Name       = 'Local demo Space'
            StorePath  = $StorePath
            CustomerId = 'demo'
        }
    }

    Write-Step 'Connect-CarbonSpace -SyncItems'
    $source = Connect-CarbonSpace @connectArguments -SyncItems
    $source | Format-Table | Out-Host

    Write-Step 'Get-CarbonItem: buckets, then the objects of one bucket'
    Get-CarbonItem -DataSourceId $source.Id -Kind Bucket -StorePath $StorePath | Format-Table | Out-Host
    Get-CarbonItem -DataSourceId $source.Id -Bucket $Bucket -Kind File -First 20 -StorePath $StorePath | Format-Table | Out-Host

    Write-Step "Start-CarbonFileSync of bucket '$Bucket' (errors for unsupported objects are expected)"
    Start-CarbonFileSync -DataSourceId $source.Id -Bucket $Bucket -Tag @{ demo = 'yes' } -StorePath $StorePath -ErrorAction Continue |
        Format-Table | Out-Host

    Write-Step 'Get-CarbonFile -Status SYNC_ERROR'
    Get-CarbonFile -Status SYNC_ERROR -StorePath $StorePath | Format-Table -Property @('Name', 'SyncErrorMessage') -Wrap | Out-Host

    Write-Step "Search-CarbonChunk -Query 'parental leave policy'"
    $hits = @(Search-CarbonChunk -Query 'parental leave policy' -Top 3 -Tag @{ demo = 'yes' } -StorePath $StorePath)
    $hits | Format-Table | Out-Host
    # The local samples hold the answer, so there a miss means the demo itself is broken.
    if ($server -and ($hits.Count -eq 0 -or $hits[0].Name -ne 'parental-leave.md')) {
        throw "The search found '$($hits.Name -join ', ')', not the sample 'parental-leave.md' first."
    }

    Write-Step 'Get-CarbonFile | Get-CarbonChunk (first 3)'
    Get-CarbonFile -Status READY -StorePath $StorePath | Get-CarbonChunk -StorePath $StorePath | Select-Object -First 3 | Format-Table | Out-Host

    Write-Step 'Set-CarbonAutoSync and Invoke-CarbonAutoSync (what a runbook runs)'
    Set-CarbonAutoSync -CustomerId 'demo' -Source S3 -IntervalHours 6 -PassThru -StorePath $StorePath | Format-Table | Out-Host
    Invoke-CarbonAutoSync -StorePath $StorePath | Format-Table | Out-Host

    Write-Step 'Get-CarbonSyncEvent'
    Get-CarbonSyncEvent -StorePath $StorePath | Select-Object -Last 10 | Format-Table | Out-Host
}
finally {
    if ($server) {
        & bash (Join-Path $RepositoryRoot 'tools/rgw/stop-rgw.sh') $server.Directory | Out-Host
    }

    if ($ownsStore) {
        Remove-Module CarbonSpaces -ErrorAction SilentlyContinue
        Remove-Item -LiteralPath (Split-Path -Parent $StorePath) -Recurse -Force -ErrorAction SilentlyContinue
    }
}
