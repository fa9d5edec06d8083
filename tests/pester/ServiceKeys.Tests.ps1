BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "ServiceKeys: the tests against the test S3 server are skipped: $seedingProblem"
    }

    $serviceCmdlets = @(
        @{ Name = 'Set-CarbonEmbeddingModel' }
        @{ Name = 'Set-CarbonRerankService' }
        @{ Name = 'Set-CarbonTranscriptionService' }
    )
}

Describe 'The API keys of embedding, rerank and transcription services' {
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

    It '<Name> takes the key from at most one source, with the parameters Connect-CarbonSpace names its secrets by' -ForEach $serviceCmdlets {
        $command = Get-Command -Name $Name
        $parameters = $command.Parameters

        $command.DefaultParameterSet | Should -BeExactly 'NoKey'
        $parameters['ApiKey'].ParameterType | Should -Be ([securestring])
        @($parameters['ApiKey'].ParameterSets.Keys) | Should -Be @('ApiKey')
        @($parameters['ApiKeyVariable'].ParameterSets.Keys) | Should -Be @('ApiKeyVariable')
        @($parameters['SecretName'].ParameterSets.Keys) | Should -Be @('SecretName')
        @($parameters['Vault'].ParameterSets.Keys) | Should -Be @('SecretName')
        (Get-Command -Name Connect-CarbonSpace).Parameters.Keys | Should -Contain 'SecretName'
        (Get-Command -Name Connect-CarbonSpace).Parameters.Keys | Should -Contain 'Vault'
        Get-UndocumentedParameter -Name $Name | Should -BeNullOrEmpty
    }

    It 'records a SecretManagement secret as the key source of every service and shows it, never a key' {
        $embedding = Set-CarbonEmbeddingModel -Provider OpenAI -SecretName 'ai-key' -Vault 'RunbookVault' -PassThru -StorePath $store
        $rerank = Set-CarbonRerankService -Model 'rerank-english-v3.0' -SecretName 'ai-key' -PassThru -StorePath $store
        $transcription = Set-CarbonTranscriptionService -Endpoint 'https://api.openai.com/v1' -Model 'whisper-1' -ApiKeyVariable 'OPENAI_API_KEY' -PassThru -StorePath $store

        $embedding.ApiKeySource | Should -BeExactly 'SecretManagement:ai-key@RunbookVault'
        $rerank.ApiKeySource | Should -BeExactly 'SecretManagement:ai-key'
        $transcription.ApiKeySource | Should -BeExactly 'Environment:OPENAI_API_KEY'
        (Get-CarbonEmbeddingModel -StorePath $store).ApiKeySource | Should -BeExactly 'SecretManagement:ai-key@RunbookVault'
        (Get-CarbonRerankService -StorePath $store).ApiKeySource | Should -BeExactly 'SecretManagement:ai-key'
        (Get-CarbonTranscriptionService -StorePath $store).ApiKeySource | Should -BeExactly 'Environment:OPENAI_API_KEY'
    }

    It 'refuses two key sources at once' {
        { Set-CarbonRerankService -Model 'rerank' -SecretName 'ai-key' -ApiKeyVariable 'COHERE_API_KEY' -StorePath $store -ErrorAction Stop } |
            Should -Throw -ErrorId 'AmbiguousParameterSet,CarbonSpaces.Commands.SetCarbonRerankServiceCommand'
    }

    Context 'a key read at use' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'keys'
            Write-TestObject -Account $account -Bucket $bucket -Key 'coffee.txt' -Content 'The espresso machine on the third floor is descaled every Friday.'
        }

        AfterAll {
            Remove-TestBucket
        }

        It 'says what is missing when the -SecretName of a service cannot be read' {
            $getSecretAvailable = $null -ne (Get-Command -Name Get-Secret -ErrorAction SilentlyContinue)
            $secretName = 'carbonspaces-pester-missing-' + [guid]::NewGuid().ToString('N')
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -SkipEmbeddingGeneration -StorePath $store -ErrorAction Stop
            Set-CarbonRerankService -Endpoint "http://127.0.0.1:$(Get-TestClosedPort)/" -Model 'rerank' -SecretName $secretName -StorePath $store

            $null = Search-CarbonChunk -Query 'espresso' -Mode Keyword -Rerank -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            if ($getSecretAvailable) {
                $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.SecretNotFound,*'
            }
            else {
                $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.SecretManagementUnavailable,*' -Because 'Get-Secret is not installed on this host'
            }
            $err[0].Exception.Message | Should -Match ([regex]::Escape($secretName))
        }

        It 'reads an environment variable at each use and says which one is missing' {
            $variable = 'CARBONSPACES_PESTER_KEY_' + [guid]::NewGuid().ToString('N')
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -SkipEmbeddingGeneration -StorePath $store -ErrorAction Stop
            Set-CarbonRerankService -Endpoint "http://127.0.0.1:$(Get-TestClosedPort)/" -Model 'rerank' -ApiKeyVariable $variable -StorePath $store

            $null = Search-CarbonChunk -Query 'espresso' -Mode Keyword -Rerank -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.ApiKeyMissing,*'
            $err[0].Exception.Message | Should -Match $variable
        }
    }
}
