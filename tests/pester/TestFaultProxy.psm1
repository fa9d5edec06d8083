# A proxy in front of the test S3 server that resets connections and cuts answers off, for the
# Pester suites that show what a user sees of a flaky network. It is the engine tests' own
# FaultInjectingProxy (tests/CarbonSpaces.Engine.Tests/TestSupport/FaultInjectingProxy.cs), compiled
# from its source once per session with Add-Type.

$script:ProxySource = Join-Path -Path (Split-Path -Parent $PSScriptRoot) -ChildPath 'CarbonSpaces.Engine.Tests/TestSupport/FaultInjectingProxy.cs'

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

Export-ModuleMember -Function 'New-TestFaultProxy'
