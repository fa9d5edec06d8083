# Shared helpers for the CarbonSpaces Pester suites (tests/pester/*.Tests.ps1).
#
# - Import-CarbonSpacesTestModule: imports the staged module ($env:CARBONSPACES_MODULE_PATH, else the
#   newest out/CarbonSpaces/<version>/CarbonSpaces.psd1 under the repository root) into the global scope.
# - New-TestStorePath / Remove-TestStorePath: one throw-away store file per test, for -StorePath.
# - Copy-TestStoreTemplate: a store set up once per block (connected, synced), copied to each test's own
#   store path.
# - Clear-TestEnvironment / Restore-TestEnvironment: the AWS_*, PG* and CARBONSPACES_STORE variables a test
#   may set are cleared before each test and put back after it.
# - Get-TestS3Problem / Get-TestSeedingProblem: why the tests that need the test S3 server (or the
#   curl-based seeding) cannot run, or $null; used in BeforeDiscovery for -Skip.
# - New-TestS3Account: an RGW user of its own (radosgw-admin), so whole-account syncs see only the
#   buckets its tests made; falls back to the shared test key.
# - New-TestBucket / Write-TestObject / Remove-TestObject / Get-TestObjectKey / Remove-TestBucket:
#   seed the S3 server with curl --aws-sigv4. The module's own AWSSDK assemblies are never loaded
#   here: loading them into the default context would defeat the module's isolation.
# - Get-TestBinaryContent: bytes no text extractor accepts, for Write-TestObject -Bytes.
# - New-TestCustomerId: a customer id of its own, for auto-sync tests.
#
# All traffic goes to the endpoint in $env:CARBONSPACES_TEST_S3_ENDPOINT (127.0.0.1 in CI).

$script:RepositoryRoot = Split-Path -Parent (Split-Path -Parent $PSScriptRoot)
$script:EmptyPayloadHash = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
$script:IsolatedVariables = @(
    'AWS_ACCESS_KEY_ID'
    'AWS_SECRET_ACCESS_KEY'
    'AWS_SESSION_TOKEN'
    'AWS_PROFILE'
    'AWS_DEFAULT_PROFILE'
    'AWS_SHARED_CREDENTIALS_FILE'
    'AWS_CONFIG_FILE'
    'CARBONSPACES_STORE'
    'PGPASSWORD'
    'PGPASSFILE'
)
$script:MinimumCurlVersion = [version]'7.75.0'
$script:Curl = $null
$script:CreatedBuckets = [System.Collections.Generic.List[object]]::new()

# ------------------------------------------------------------------------------------------------
# The module under test

function Get-CarbonSpacesTestModulePath {
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $fromEnvironment = $env:CARBONSPACES_MODULE_PATH
    if (-not [string]::IsNullOrWhiteSpace($fromEnvironment)) {
        if (-not (Test-Path -LiteralPath $fromEnvironment -PathType Leaf)) {
            throw "CARBONSPACES_MODULE_PATH is '$fromEnvironment', which is not a file. Point it at the staged CarbonSpaces.psd1 (out/CarbonSpaces/<version>/CarbonSpaces.psd1)."
        }

        return (Resolve-Path -LiteralPath $fromEnvironment).ProviderPath
    }

    $stage = Join-Path -Path $script:RepositoryRoot -ChildPath (Join-Path -Path 'out' -ChildPath 'CarbonSpaces')
    $newest = Get-ChildItem -LiteralPath $stage -Directory -ErrorAction SilentlyContinue |
        Where-Object { Test-Path -LiteralPath (Join-Path -Path $_.FullName -ChildPath 'CarbonSpaces.psd1') -PathType Leaf } |
        Sort-Object -Descending -Property @{
            Expression = {
                $version = $null
                if ([version]::TryParse($_.Name, [ref]$version)) { $version } else { [version]'0.0' }
            }
        } |
        Select-Object -First 1
    if ($null -eq $newest) {
        throw "No staged module in '$stage'. Build first (dotnet build CarbonSpaces.sln -c Release), or set CARBONSPACES_MODULE_PATH to the staged CarbonSpaces.psd1."
    }

    Join-Path -Path $newest.FullName -ChildPath 'CarbonSpaces.psd1'
}

function Import-CarbonSpacesTestModule {
    [CmdletBinding()]
    [OutputType([System.Management.Automation.PSModuleInfo])]
    param()

    # The AWS SDK must never probe instance metadata from a test run.
    if ([string]::IsNullOrEmpty($env:AWS_EC2_METADATA_DISABLED)) {
        $env:AWS_EC2_METADATA_DISABLED = 'true'
    }

    $manifest = Get-CarbonSpacesTestModulePath
    $moduleBase = [System.IO.Path]::GetFullPath((Split-Path -Parent $manifest))
    $loaded = @(Get-Module -Name CarbonSpaces)
    if ($loaded.Count -eq 1 -and [System.IO.Path]::GetFullPath($loaded[0].ModuleBase) -eq $moduleBase) {
        return $loaded[0]
    }

    if ($loaded.Count -gt 0) {
        Remove-Module -Name CarbonSpaces -Force
    }

    # -Global: imported from inside this module, it would otherwise land in this module's scope only.
    Import-Module -Name $manifest -Global -PassThru -ErrorAction Stop
}

function Get-UndocumentedParameter {
    <# Names of the command's parameters (common parameters aside) that its help does not describe. #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [string] $Name
    )

    $command = Get-Command -Name $Name -ErrorAction Stop
    $help = Get-Help -Name $Name -Full
    $common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
    $documented = @(
        foreach ($parameter in @($help.parameters.parameter)) {
            if ($null -ne $parameter -and -not [string]::IsNullOrWhiteSpace(($parameter.description | Out-String))) {
                [string]$parameter.name
            }
        }
    )

    foreach ($parameterName in $command.Parameters.Keys) {
        if ($parameterName -notin $common -and $parameterName -notin $documented) {
            $parameterName
        }
    }
}

# ------------------------------------------------------------------------------------------------
# Stores and environment

function New-TestStorePath {
    <# A store path in a new, empty temp folder; the store file itself is created by the first command. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $folder = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ('carbonspaces-pester-' + [guid]::NewGuid().ToString('N'))
    $null = New-Item -ItemType Directory -Path $folder -Force
    Join-Path -Path $folder -ChildPath 'carbon.db'
}

function Remove-TestStorePath {
    [CmdletBinding()]
    param(
        [string] $Path
    )

    if ([string]::IsNullOrEmpty($Path)) {
        return
    }

    $folder = Split-Path -Parent $Path
    if ((Split-Path -Leaf $folder) -like 'carbonspaces-pester-*') {
        Remove-Item -LiteralPath $folder -Recurse -Force -ErrorAction SilentlyContinue
    }
}

function Copy-TestStoreTemplate {
    <#
        Copies a store a block set up once (connected, synced: a template made with New-TestStorePath) to a
        test's own store path, with its write-ahead log if it has one: each test starts from the same state,
        as if it had run the setup itself, without connecting and syncing again.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Template,

        [Parameter(Mandatory)]
        [string] $StorePath
    )

    $templateName = Split-Path -Leaf $Template
    foreach ($file in Get-ChildItem -LiteralPath (Split-Path -Parent $Template) -File -Filter "$templateName*") {
        $suffix = $file.Name.Substring($templateName.Length)
        Copy-Item -LiteralPath $file.FullName -Destination ($StorePath + $suffix) -Force
    }
}

function Clear-TestEnvironment {
    <# Clears the variables tests set (AWS keys, profile files, PostgreSQL passwords, CARBONSPACES_STORE) and returns their values for Restore-TestEnvironment. #>
    [CmdletBinding()]
    [OutputType([hashtable])]
    param()

    $saved = @{}
    foreach ($name in $script:IsolatedVariables) {
        $saved[$name] = [System.Environment]::GetEnvironmentVariable($name)
        [System.Environment]::SetEnvironmentVariable($name, $null)
    }

    $saved
}

function Restore-TestEnvironment {
    [CmdletBinding()]
    param(
        [hashtable] $Saved
    )

    if ($null -eq $Saved) {
        return
    }

    foreach ($name in $script:IsolatedVariables) {
        [System.Environment]::SetEnvironmentVariable($name, $Saved[$name])
    }
}

function Get-TestClosedPort {
    <# A loopback port nothing listens on (bound, read, released). #>
    [CmdletBinding()]
    [OutputType([int])]
    param()

    $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
    $listener.Start()
    try {
        $listener.LocalEndpoint.Port
    }
    finally {
        $listener.Stop()
    }
}

# ------------------------------------------------------------------------------------------------
# The test S3 server

function Get-TestS3Server {
    <# The endpoint and shared key from the CARBONSPACES_TEST_S3_* variables, or $null when they are not set. #>
    [CmdletBinding()]
    param()

    $endpoint = $env:CARBONSPACES_TEST_S3_ENDPOINT
    if ([string]::IsNullOrWhiteSpace($endpoint) -or
        [string]::IsNullOrWhiteSpace($env:CARBONSPACES_TEST_S3_ACCESS_KEY) -or
        [string]::IsNullOrWhiteSpace($env:CARBONSPACES_TEST_S3_SECRET_KEY)) {
        return $null
    }

    $region = 'us-east-1'
    if (-not [string]::IsNullOrWhiteSpace($env:CARBONSPACES_TEST_S3_REGION)) {
        $region = $env:CARBONSPACES_TEST_S3_REGION.Trim()
    }

    [pscustomobject]@{
        Endpoint  = $endpoint.Trim().TrimEnd('/')
        AccessKey = $env:CARBONSPACES_TEST_S3_ACCESS_KEY.Trim()
        SecretKey = $env:CARBONSPACES_TEST_S3_SECRET_KEY.Trim()
        Region    = $region
        CephConf  = $env:CARBONSPACES_TEST_RGW_CONF
        Isolated  = $false
    }
}

function Get-TestS3Problem {
    <# Why tests that talk to the test S3 server cannot run here, or $null. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ($null -eq (Get-TestS3Server)) {
        return 'no test S3 endpoint: set CARBONSPACES_TEST_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY (and _REGION), as tools/test.sh does'
    }

    $null
}

function Get-TestCurl {
    <# curl's path and version, and why it cannot sign S3 requests (Problem), found once per import. #>
    [CmdletBinding()]
    param()

    if ($null -ne $script:Curl) {
        return $script:Curl
    }

    $found = [pscustomobject]@{ Path = $null; Version = $null; Problem = $null }
    $command = Get-Command -Name curl -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $command) {
        $found.Problem = "curl is not installed: the tests seed buckets with curl --aws-sigv4 (curl $($script:MinimumCurlVersion) or later)"
    }
    else {
        $found.Path = $command.Source
        $banner = @(& $command.Source --version 2>$null) | Select-Object -First 1
        if ([string]$banner -match '^curl (\d+)\.(\d+)(?:\.(\d+))?') {
            $found.Version = [version]::new([int]$Matches[1], [int]$Matches[2], [int]$Matches[3])
        }

        if ($null -eq $found.Version) {
            $found.Problem = "could not read the version of '$($command.Source)' (curl --version printed '$banner')"
        }
        elseif ($found.Version -lt $script:MinimumCurlVersion) {
            $found.Problem = "curl $($found.Version) has no --aws-sigv4; the tests seed buckets with curl $($script:MinimumCurlVersion) or later"
        }
    }

    $script:Curl = $found
    $found
}

function Get-TestSeedingProblem {
    <# Why tests that create buckets and objects cannot run here, or $null. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $problem = Get-TestS3Problem
    if ($problem) {
        return $problem
    }

    (Get-TestCurl).Problem
}

function New-TestRandomString {
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [int] $Length,

        [string] $Alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
    )

    $characters = for ($i = 0; $i -lt $Length; $i++) {
        $Alphabet[(Get-Random -Minimum 0 -Maximum $Alphabet.Length)]
    }

    -join $characters
}

function New-TestS3Account {
    <#
        An S3 user of its own on the test RGW (radosgw-admin with CARBONSPACES_TEST_RGW_CONF), so a
        whole-account sync sees only the buckets its tests create. Where that is not possible the
        shared test key is returned (Isolated = $false) and other suites' buckets are visible too.
    #>
    [CmdletBinding()]
    param()

    $server = Get-TestS3Server
    if ($null -eq $server) {
        throw (Get-TestS3Problem)
    }

    $admin = Get-Command -Name radosgw-admin -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
    if ($null -eq $admin -or [string]::IsNullOrWhiteSpace($server.CephConf) -or -not (Test-Path -LiteralPath $server.CephConf -PathType Leaf)) {
        return $server
    }

    $uid = 'pester-' + [guid]::NewGuid().ToString('N').Substring(0, 12)
    $accessKey = New-TestRandomString -Length 20
    $secretKey = New-TestRandomString -Length 40 -Alphabet 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
    $output = @(& $admin.Source -c $server.CephConf user create "--uid=$uid" "--display-name=$uid" "--access-key=$accessKey" "--secret-key=$secretKey" 2>&1)
    if ($LASTEXITCODE -ne 0) {
        Write-Warning ("radosgw-admin could not create test user '{0}' (exit code {1}); using the shared test key. {2}" -f $uid, $LASTEXITCODE, ($output -join ' '))
        return $server
    }

    [pscustomobject]@{
        Endpoint  = $server.Endpoint
        AccessKey = $accessKey
        SecretKey = $secretKey
        Region    = $server.Region
        CephConf  = $server.CephConf
        Isolated  = $true
    }
}

function New-TestCredential {
    [CmdletBinding()]
    [OutputType([pscredential])]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [string] $SecretKey
    )

    if ([string]::IsNullOrEmpty($SecretKey)) {
        $SecretKey = $Account.SecretKey
    }

    [pscredential]::new($Account.AccessKey, (ConvertTo-SecureString -String $SecretKey -AsPlainText -Force))
}

function Connect-TestDataSource {
    <# Connect-CarbonSpace to the test endpoint with -Credential; stops the test if the key is refused. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [Parameter(Mandatory)]
        [string] $StorePath,

        [string] $Name = 'rgw',

        [string] $CustomerId = 'pester',

        [ValidateSet('S3', 'DigitalOcean')]
        [string] $Provider
    )

    $parameters = @{
        Endpoint    = $Account.Endpoint
        Region      = $Account.Region
        Credential  = New-TestCredential -Account $Account
        Name        = $Name
        CustomerId  = $CustomerId
        StorePath   = $StorePath
        ErrorAction = 'Stop'
    }
    if ($Provider) {
        $parameters['Provider'] = $Provider
    }

    Connect-CarbonSpace @parameters
}

# ------------------------------------------------------------------------------------------------
# Seeding with curl --aws-sigv4

function Invoke-TestS3Request {
    <#
        One signed S3 request with curl; returns the response body, throws on an HTTP status outside
        2xx. The payload hash is sent in x-amz-content-sha256 (S3 requires it): curl 7.87 and later
        sign with that value, older ones with the hash of the data they send, which is the same.
    #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [Parameter(Mandatory)]
        [ValidateSet('GET', 'PUT', 'DELETE')]
        [string] $Method,

        [Parameter(Mandatory)]
        [string] $Bucket,

        [string] $Key,

        [string] $Query,

        [string] $BodyPath
    )

    $curl = Get-TestCurl
    if ($curl.Problem) {
        Set-ItResult -Skipped -Because $curl.Problem
        return
    }

    $path = '/' + [uri]::EscapeDataString($Bucket)
    if (-not [string]::IsNullOrEmpty($Key)) {
        $segments = foreach ($segment in $Key.Split('/')) { [uri]::EscapeDataString($segment) }
        $path += '/' + ($segments -join '/')
    }

    $url = $Account.Endpoint + $path
    if (-not [string]::IsNullOrEmpty($Query)) {
        $url += '?' + $Query
    }

    $payloadHash = $script:EmptyPayloadHash
    if (-not [string]::IsNullOrEmpty($BodyPath)) {
        $payloadHash = (Get-FileHash -LiteralPath $BodyPath -Algorithm SHA256).Hash.ToLowerInvariant()
    }

    # The endpoint's own host, not '*': PowerShell on Unix expands wildcards in native arguments that come
    # from an array, and '*' became the names of the files in the current folder.
    $arguments = @(
        '--silent'
        '--show-error'
        '--noproxy', ([uri]$Account.Endpoint).Host
        '--aws-sigv4', ('aws:amz:{0}:s3' -f $Account.Region)
        '--user', ('{0}:{1}' -f $Account.AccessKey, $Account.SecretKey)
        '--header', ('x-amz-content-sha256: {0}' -f $payloadHash)
        '--request', $Method
        '--write-out', '\n%{http_code}'
    )
    if (-not [string]::IsNullOrEmpty($BodyPath)) {
        $arguments += @('--data-binary', ('@' + $BodyPath))
    }

    $arguments += $url

    $lines = @(& $curl.Path @arguments 2>&1 | ForEach-Object { [string]$_ })
    $exitCode = $LASTEXITCODE
    $status = 0
    if ($lines.Count -gt 0) {
        $null = [int]::TryParse($lines[$lines.Count - 1].Trim(), [ref]$status)
    }

    $body = ''
    if ($lines.Count -gt 1) {
        $body = $lines[0..($lines.Count - 2)] -join "`n"
    }

    if ($exitCode -ne 0 -or $status -lt 200 -or $status -gt 299) {
        throw ("curl {0} {1} {2} failed: HTTP {3}, exit code {4}. {5}" -f $curl.Version, $Method, $url, $status, $exitCode, ($lines -join ' '))
    }

    $body
}

function New-TestBucket {
    <# Creates a bucket with a unique name (remembered for Remove-TestBucket) and returns the name. #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [ValidatePattern('^[a-z0-9][a-z0-9-]{0,30}$')]
        [string] $Purpose = 'pester'
    )

    $name = '{0}-{1}' -f $Purpose, [guid]::NewGuid().ToString('N').Substring(0, 16)
    $null = Invoke-TestS3Request -Account $Account -Method PUT -Bucket $name
    $script:CreatedBuckets.Add([pscustomobject]@{ Account = $Account; Bucket = $name })
    $name
}

function Write-TestObject {
    <# Uploads text (UTF-8, no BOM), or -Bytes as they are, as an object; an empty -Content makes a zero-byte object. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [Parameter(Mandatory)]
        [string] $Bucket,

        [Parameter(Mandatory)]
        [string] $Key,

        [string] $Content = '',

        [byte[]] $Bytes
    )

    $file = [System.IO.Path]::GetTempFileName()
    try {
        if ($PSBoundParameters.ContainsKey('Bytes')) {
            [System.IO.File]::WriteAllBytes($file, $Bytes)
        }
        else {
            [System.IO.File]::WriteAllText($file, $Content, [System.Text.UTF8Encoding]::new($false))
        }

        $null = Invoke-TestS3Request -Account $Account -Method PUT -Bucket $Bucket -Key $Key -BodyPath $file
    }
    finally {
        Remove-Item -LiteralPath $file -Force -ErrorAction SilentlyContinue
    }
}

function Get-TestBinaryContent {
    <# 1 KiB of every byte value in turn: NULs and control characters that no text extractor accepts. #>
    [CmdletBinding()]
    [OutputType([byte[]])]
    param(
        [int] $Length = 1024
    )

    $bytes = [byte[]]::new($Length)
    for ($i = 0; $i -lt $Length; $i++) {
        $bytes[$i] = [byte]($i % 256)
    }

    # The comma keeps the array whole instead of writing its bytes one by one.
    , $bytes
}

function New-TestCustomerId {
    <# A customer id no other test uses, so auto-sync settings and runs stay apart. #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [string] $Purpose = 'pester'
    )

    '{0}-{1}@example.com' -f $Purpose, [guid]::NewGuid().ToString('N').Substring(0, 12)
}

function Remove-TestObject {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [Parameter(Mandatory)]
        [string] $Bucket,

        [Parameter(Mandatory)]
        [string] $Key
    )

    $null = Invoke-TestS3Request -Account $Account -Method DELETE -Bucket $Bucket -Key $Key
}

function Get-TestObjectKey {
    <# The keys in a bucket, as the S3 server lists them (first 1000). #>
    [CmdletBinding()]
    [OutputType([string])]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [Parameter(Mandatory)]
        [string] $Bucket
    )

    $listing = [xml](Invoke-TestS3Request -Account $Account -Method GET -Bucket $Bucket -Query 'list-type=2')
    foreach ($entry in @($listing.ListBucketResult.Contents)) {
        if ($null -ne $entry) {
            [string]$entry.Key
        }
    }
}

function Remove-TestBucket {
    <# Deletes a bucket and its objects (throws if it cannot); without -Bucket, every bucket New-TestBucket made, best effort. #>
    [CmdletBinding()]
    param(
        [psobject] $Account,

        [string] $Bucket
    )

    $targets = @($script:CreatedBuckets)
    if (-not [string]::IsNullOrEmpty($Bucket)) {
        $targets = @([pscustomobject]@{ Account = $Account; Bucket = $Bucket })
    }

    foreach ($target in $targets) {
        try {
            foreach ($key in @(Get-TestObjectKey -Account $target.Account -Bucket $target.Bucket)) {
                Remove-TestObject -Account $target.Account -Bucket $target.Bucket -Key $key
            }

            $null = Invoke-TestS3Request -Account $target.Account -Method DELETE -Bucket $target.Bucket
        }
        catch {
            # A test that removes a bucket on purpose must not go on as if it were gone; the clean-up
            # of everything at the end of a block is best effort.
            if (-not [string]::IsNullOrEmpty($Bucket)) {
                throw
            }

            Write-Verbose ("Could not remove test bucket '{0}': {1}" -f $target.Bucket, $_)
        }

        $null = $script:CreatedBuckets.Remove(@($script:CreatedBuckets | Where-Object Bucket -EQ $target.Bucket)[0])
    }
}

# ------------------------------------------------------------------------------------------------
# Files of every family, made with the machine's real tools, and a transcription service

function New-TestTextPdf {
    <#
        A one-page PDF whose text layer holds -Text (Helvetica), written by hand: the smallest real
        PDF, with a correct cross-reference table, so no PDF library has to be loaded into the test.
    #>
    [CmdletBinding()]
    [OutputType([byte[]])]
    param(
        [Parameter(Mandatory)]
        [string] $Text
    )

    $content = "BT /F1 24 Tf 72 720 Td ($Text) Tj ET"
    $objects = @(
        '<< /Type /Catalog /Pages 2 0 R >>'
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>'
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>'
        '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'
        "<< /Length $($content.Length) >>`nstream`n$content`nendstream"
    )
    $pdf = [System.Text.StringBuilder]::new("%PDF-1.4`n")
    $offsets = foreach ($index in 0..($objects.Count - 1)) {
        $pdf.Length
        $null = $pdf.Append("$($index + 1) 0 obj`n$($objects[$index])`nendobj`n")
    }

    $xref = $pdf.Length
    $null = $pdf.Append("xref`n0 $($objects.Count + 1)`n0000000000 65535 f `n")
    foreach ($offset in $offsets) {
        $null = $pdf.Append(('{0:D10} 00000 n {1}' -f $offset, "`n"))
    }

    $null = $pdf.Append("trailer`n<< /Size $($objects.Count + 1) /Root 1 0 R >>`nstartxref`n$xref`n%%EOF`n")
    [System.Text.Encoding]::ASCII.GetBytes($pdf.ToString())
}

function Invoke-TestTool {
    <# Runs one of the machine's tools (ImageMagick, ffmpeg) to make a sample; throws with its output if it fails. #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Path,

        [Parameter(Mandatory)]
        [string[]] $ArgumentList
    )

    $output = & $Path @ArgumentList 2>&1
    if ($LASTEXITCODE -ne 0) {
        throw "$Path $($ArgumentList -join ' ') failed ($LASTEXITCODE): $($output -join ' ')"
    }
}

function New-TestTextImage {
    <# A PNG of black words on white (Debian's ImageMagick, /usr/bin/convert: a stand-in convert may come first on PATH). #>
    [CmdletBinding()]
    [OutputType([byte[]])]
    param(
        [Parameter(Mandatory)]
        [string] $Text
    )

    $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ("carbonspaces-{0}.png" -f [guid]::NewGuid().ToString('N'))
    try {
        Invoke-TestTool -Path '/usr/bin/convert' -ArgumentList @('-size', '900x200', 'xc:white', '-font', 'DejaVu-Sans', '-pointsize', '48', '-fill', 'black', '-annotate', '+40+110', $Text, '-depth', '8', $path)
        [System.IO.File]::ReadAllBytes($path)
    }
    finally {
        Remove-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue
    }
}

function New-TestRecording {
    <# A tone of -Seconds seconds as MP3 (audio) or as an MP4 with a picture (video), made with ffmpeg. #>
    [CmdletBinding()]
    [OutputType([byte[]])]
    param(
        [Parameter(Mandatory)]
        [int] $Seconds,

        [switch] $Video
    )

    $extension = if ($Video) { 'mp4' } else { 'mp3' }
    $path = Join-Path -Path ([System.IO.Path]::GetTempPath()) -ChildPath ("carbonspaces-{0}.{1}" -f [guid]::NewGuid().ToString('N'), $extension)
    $arguments = @('-nostdin', '-v', 'error', '-y', '-f', 'lavfi', '-i', "sine=frequency=440:duration=$Seconds")
    if ($Video) {
        $arguments += @('-f', 'lavfi', '-i', "color=c=blue:s=320x240:r=5:d=$Seconds", '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest')
    }

    try {
        Invoke-TestTool -Path 'ffmpeg' -ArgumentList ($arguments + $path)
        [System.IO.File]::ReadAllBytes($path)
    }
    finally {
        Remove-Item -LiteralPath $path -Force -ErrorAction SilentlyContinue
    }
}

function Start-TestTranscriptionServer {
    <#
        A transcription service on 127.0.0.1 that speaks OpenAI's protocol: POST
        /v1/audio/transcriptions, multipart/form-data, answered with verbose JSON. No speech model
        runs here: it answers the words of -Answer, choosing by the upload's size (the first entry
        whose MaxBytes the request fits under). Each request is recorded in Requests.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [object[]] $Answer
    )

    $port = Get-TestClosedPort
    $listener = [System.Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $requests = [System.Collections.Concurrent.ConcurrentQueue[object]]::new()
    $shell = [powershell]::Create()
    $null = $shell.AddScript({
        param($listener, $requests, $answers)
        while ($listener.IsListening) {
            try { $context = $listener.GetContext() } catch { break }
            $body = [System.IO.MemoryStream]::new()
            $context.Request.InputStream.CopyTo($body)
            $text = [System.Text.Encoding]::Latin1.GetString($body.ToArray())
            # A part's headers (Content-Disposition naming the field, perhaps Content-Type), a blank line, its value.
            $field = { param($name) if ($text -match ('name="?' + $name + '"?[^\r]*\r\n(?:[^\r]+\r\n)*\r\n([^\r]*)')) { $Matches[1] } }
            $model = & $field 'model'
            $format = & $field 'response_format'
            $hasFile = $text -match 'name="?file"?; filename="?[^";\r]+\.mp3'
            $requests.Enqueue([pscustomobject]@{ Path = $context.Request.Url.AbsolutePath; Bytes = $body.Length; Model = $model; ResponseFormat = $format; HasFile = $hasFile })
            $words = ($answers | Where-Object { $body.Length -le $_.MaxBytes } | Select-Object -First 1).Words
            $json = @{ text = $words; duration = 1.0; segments = @(@{ id = 0; start = 0.25; end = 1.5; text = " $words" }) } | ConvertTo-Json -Depth 4
            $bytes = [System.Text.Encoding]::UTF8.GetBytes($json)
            $context.Response.ContentType = 'application/json'
            $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
            $context.Response.Close()
        }
    }).AddArgument($listener).AddArgument($requests).AddArgument($Answer)
    $null = $shell.BeginInvoke()
    [pscustomobject]@{
        Endpoint = "http://127.0.0.1:$port/v1"
        Requests = $requests
        Listener = $listener
        Shell    = $shell
    }
}

function Stop-TestTranscriptionServer {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Server
    )

    $Server.Listener.Stop()
    $Server.Listener.Close()
    $Server.Shell.Dispose()
}

# ------------------------------------------------------------------------------------------------
# PostgreSQL stores (CARBONSPACES_TEST_POSTGRES, set by tools/test.sh)

function Get-TestPostgresProblem {
    <# Why tests on a PostgreSQL store cannot run here, or $null. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    if ([string]::IsNullOrWhiteSpace($env:CARBONSPACES_TEST_POSTGRES)) {
        return 'no test PostgreSQL server: set CARBONSPACES_TEST_POSTGRES (tools/test.sh starts one with tools/postgres/start-postgres.sh)'
    }

    if ($null -eq (Get-Command -Name psql -CommandType Application -ErrorAction SilentlyContinue)) {
        return 'psql is not installed (tools/postgres/install-postgres.sh installs PostgreSQL)'
    }

    $null
}

function New-TestPostgresStore {
    <# Creates an empty database on the test server and returns its postgresql:// URI, a store of its own. #>
    [CmdletBinding()]
    [OutputType([string])]
    param()

    $name = 'carbon_pester_' + [guid]::NewGuid().ToString('N')
    $output = @(& psql $env:CARBONSPACES_TEST_POSTGRES -qXc "CREATE DATABASE $name;" 2>&1)
    if ($LASTEXITCODE -ne 0) {
        throw "psql could not create the test database ${name}: $($output -join ' ')"
    }

    $env:CARBONSPACES_TEST_POSTGRES -replace '/[^/?]*(\?.*)?$', "/$name`$1"
}

function Remove-TestPostgresStore {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [string] $Uri
    )

    $name = ($Uri -replace '\?.*$', '') -replace '^.*/', ''
    $null = & psql $env:CARBONSPACES_TEST_POSTGRES -qXc "DROP DATABASE IF EXISTS $name WITH (FORCE);" 2>&1
}

Export-ModuleMember -Function @(
    'Get-CarbonSpacesTestModulePath'
    'Import-CarbonSpacesTestModule'
    'Get-UndocumentedParameter'
    'New-TestStorePath'
    'Remove-TestStorePath'
    'Copy-TestStoreTemplate'
    'Clear-TestEnvironment'
    'Restore-TestEnvironment'
    'Get-TestClosedPort'
    'Get-TestS3Server'
    'Get-TestS3Problem'
    'Get-TestPostgresProblem'
    'New-TestPostgresStore'
    'Remove-TestPostgresStore'
    'Get-TestCurl'
    'Get-TestSeedingProblem'
    'New-TestS3Account'
    'New-TestCredential'
    'Connect-TestDataSource'
    'Invoke-TestS3Request'
    'New-TestBucket'
    'Write-TestObject'
    'Get-TestBinaryContent'
    'New-TestCustomerId'
    'Remove-TestObject'
    'Get-TestObjectKey'
    'Remove-TestBucket'
    'New-TestTextPdf'
    'Invoke-TestTool'
    'New-TestTextImage'
    'New-TestRecording'
    'Start-TestTranscriptionServer'
    'Stop-TestTranscriptionServer'
)
