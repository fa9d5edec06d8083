BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
}

Describe 'Set-CarbonEmbeddingModel and Get-CarbonEmbeddingModel' {
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
        @{ Name = 'Set-CarbonEmbeddingModel' }
        @{ Name = 'Get-CarbonEmbeddingModel' }
    ) {
        (Get-Command -Module CarbonSpaces -Name $Name).OutputType.Name | Should -Contain 'CarbonSpaces.EmbeddingModelSetting'
        @((Get-Help -Name $Name -Examples).examples.example).Count | Should -BeGreaterOrEqual 2
        Get-UndocumentedParameter -Name $Name | Should -BeNullOrEmpty
    }

    It 'shows the local model as the default of a new store, usable with no service' {
        $setting = Get-CarbonEmbeddingModel -StorePath $store

        $setting.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.EmbeddingModelSetting'
        $setting.Provider | Should -BeExactly 'Local'
        $setting.Model | Should -BeExactly 'snowflake-arctic-embed-xs'
        $setting.Dimensions | Should -Be 384
        $setting.Name | Should -BeExactly 'Local/snowflake-arctic-embed-xs'
        $setting.IsDefault | Should -BeTrue
        $setting.Available | Should -BeTrue
    }

    It 'saves the choice in the store, and says so with -PassThru' {
        $saved = Set-CarbonEmbeddingModel -Provider Local -PassThru -StorePath $store

        $saved.IsDefault | Should -BeFalse
        $saved.UpdatedAt | Should -Not -BeNullOrEmpty
        (Get-CarbonEmbeddingModel -StorePath $store).IsDefault | Should -BeFalse
    }

    It 'refuses a local model it does not have (UnknownModel), keeping the setting' {
        { Set-CarbonEmbeddingModel -Provider Local -Model 'all-mpnet-base-v2' -StorePath $store -ErrorAction Stop } |
            Should -Throw -ErrorId 'CarbonSpaces.UnknownModel,CarbonSpaces.Commands.SetCarbonEmbeddingModelCommand'
        (Get-CarbonEmbeddingModel -StorePath $store).IsDefault | Should -BeTrue
    }

    It 'records an OpenAI service with its key source, never the key, and refuses one without a key (ApiKeyMissing)' {
        $key = ConvertTo-SecureString -String 'sk-embedding-secret-55' -AsPlainText -Force

        $saved = Set-CarbonEmbeddingModel -Provider OpenAI -Endpoint 'http://127.0.0.1:9/v1' -ApiKey $key -Dimensions 256 -PassThru -StorePath $store

        $saved.Name | Should -BeExactly 'OpenAI/text-embedding-3-small@256'
        $saved.ApiKeySource | Should -BeExactly 'Session'
        ($saved | Format-List * | Out-String) | Should -Not -Match 'sk-embedding-secret-55'
        [System.IO.File]::ReadAllText($store, [System.Text.Encoding]::Latin1) | Should -Not -Match 'sk-embedding-secret-55'
        { Set-CarbonEmbeddingModel -Provider OpenAI -StorePath $store -ErrorAction Stop } |
            Should -Throw -ErrorId 'CarbonSpaces.ApiKeyMissing,CarbonSpaces.Commands.SetCarbonEmbeddingModelCommand'
        (Set-CarbonEmbeddingModel -Provider Ollama -PassThru -StorePath $store).Name | Should -BeExactly 'Ollama/nomic-embed-text'
    }

    It 'changes nothing with -WhatIf' {
        Set-CarbonEmbeddingModel -Provider Local -WhatIf -StorePath $store

        (Get-CarbonEmbeddingModel -StorePath $store).IsDefault | Should -BeTrue
    }
}
