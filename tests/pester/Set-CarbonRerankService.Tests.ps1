BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
}

Describe 'Set-CarbonRerankService and Get-CarbonRerankService' {
    BeforeAll {
        Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
        $null = Import-CarbonSpacesTestModule
    }

    BeforeEach {
        $store = New-TestStorePath
        $savedEnvironment = Clear-TestEnvironment
    }

    AfterEach {
        Restore-TestEnvironment -Saved $savedEnvironment
        Remove-TestStorePath -Path $store
    }

    It 'are exported with help of at least two examples each' -ForEach @(
        @{ Name = 'Set-CarbonRerankService' }
        @{ Name = 'Get-CarbonRerankService' }
    ) {
        (Get-Command -Module CarbonSpaces -Name $Name).OutputType.Name | Should -Contain 'CarbonSpaces.RerankServiceSetting'
        @((Get-Help -Name $Name -Examples).examples.example).Count | Should -BeGreaterOrEqual 2
        Get-UndocumentedParameter -Name $Name | Should -BeNullOrEmpty
    }

    It 'shows nothing until a service is set' {
        Get-CarbonRerankService -StorePath $store | Should -BeNullOrEmpty
    }

    It 'saves the service and where its key comes from, never the key' {
        $key = ConvertTo-SecureString -String 'rerank-secret-key-77' -AsPlainText -Force

        $saved = Set-CarbonRerankService -Endpoint 'http://127.0.0.1:8080/' -Model 'BAAI/bge-reranker-base' -ApiKey $key -PassThru -StorePath $store

        $saved.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.RerankServiceSetting'
        $saved.ApiKeySource | Should -BeExactly 'Session'
        $read = Get-CarbonRerankService -StorePath $store
        $read.Model | Should -BeExactly 'BAAI/bge-reranker-base'
        $read.Endpoint | Should -BeExactly 'http://127.0.0.1:8080/'
        ($read | Format-List * | Out-String) | Should -Not -Match 'rerank-secret-key-77'
        [System.IO.File]::ReadAllText($store, [System.Text.Encoding]::Latin1) | Should -Not -Match 'rerank-secret-key-77'
    }

    It 'reports -Rerank without a service as NoRerankService' {
        $null = Search-CarbonChunk -Query 'x' -Rerank -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

        $err | Should -HaveCount 1
        $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.NoRerankService,CarbonSpaces.Commands.SearchCarbonChunkCommand'
    }
}
