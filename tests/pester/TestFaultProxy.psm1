# Proxies in front of the test S3 server, for the Pester suites that show what a user sees of a
# network: New-TestFaultProxy resets connections and cuts answers off (the engine tests' own
# FaultInjectingProxy, tests/CarbonSpaces.Engine.Tests/TestSupport/FaultInjectingProxy.cs);
# New-TestLatencyProxy makes every request wait a round trip (the benchmarks' LatencyProxy,
# tests/Shared/LatencyProxy.cs). Each is compiled from its source once per session with Add-Type.

$script:ProxySource = Join-Path -Path (Split-Path -Parent $PSScriptRoot) -ChildPath 'CarbonSpaces.Engine.Tests/TestSupport/FaultInjectingProxy.cs'
$script:LatencyProxySource = Join-Path -Path (Split-Path -Parent $PSScriptRoot) -ChildPath 'Shared/LatencyProxy.cs'

function New-TestFaultProxy {
    <#
        Starts a proxy to $Account's endpoint. Returns Proxy (set faults with
        $proxy.FailEveryAttempt('CutBody', 'ListObjectsV2', $bucket), read counts with
        $proxy.Injected('CutBody'); Dispose it in AfterAll), Account (a copy of $Account whose
        Endpoint is the proxy, for Connect-TestDataSource) and Name (host:port, as messages name it).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account
    )

    if (-not ('CarbonSpaces.Engine.Tests.TestSupport.FaultInjectingProxy' -as [type])) {
        Add-Type -Path $script:ProxySource
    }

    $proxy = [CarbonSpaces.Engine.Tests.TestSupport.FaultInjectingProxy]::new($Account.Endpoint)
    $throughProxy = $Account.PSObject.Copy()
    $throughProxy.Endpoint = $proxy.Endpoint
    [pscustomobject]@{
        Proxy   = $proxy
        Account = $throughProxy
        Name    = ([uri]$proxy.Endpoint).Authority
    }
}

function New-TestLatencyProxy {
    <#
        Starts a proxy to $Account's endpoint through which every request waits -RoundTrip (a far
        endpoint: a sync slow enough that another process can act while it runs). Returns Proxy
        (Dispose it when done) and Account (a copy of $Account whose Endpoint is the proxy).
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)]
        [psobject] $Account,

        [Parameter(Mandatory)]
        [timespan] $RoundTrip
    )

    if (-not ('CarbonSpaces.Tests.Shared.LatencyProxy' -as [type])) {
        Add-Type -Path $script:LatencyProxySource
    }

    $proxy = [CarbonSpaces.Tests.Shared.LatencyProxy]::new($Account.Endpoint, $RoundTrip, 0)
    $throughProxy = $Account.PSObject.Copy()
    $throughProxy.Endpoint = $proxy.Endpoint
    [pscustomobject]@{
        Proxy   = $proxy
        Account = $throughProxy
    }
}

Export-ModuleMember -Function 'New-TestFaultProxy', 'New-TestLatencyProxy'
