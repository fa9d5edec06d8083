Describe 'Set-CarbonTranscriptionService' {
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

    Context 'command and help' {
        It 'is exported by the module, supports -WhatIf and declares CarbonSpaces.TranscriptionService as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Set-CarbonTranscriptionService

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.TranscriptionService'
            $command.Parameters.Keys | Should -Contain 'WhatIf'
        }

        It 'takes the key from exactly one source: -ApiKey, -SecretName or -ApiKeyVariable' {
            $parameters = (Get-Command -Name Set-CarbonTranscriptionService).Parameters

            $parameters['ApiKey'].ParameterType | Should -Be ([securestring])
            $parameters['ApiKey'].ParameterSets.Keys | Should -Not -Contain 'SecretName'
            $parameters['SecretName'].ParameterSets.Keys | Should -Not -Contain 'ApiKeyVariable'
            $parameters['Provider'].Attributes.ValidValues | Should -Be @('OpenAI')
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Set-CarbonTranscriptionService -Examples

            $help.Synopsis | Should -Match 'speech-to-text'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Set-CarbonTranscriptionService | Should -BeNullOrEmpty
        }
    }

    Context 'saving the service' {
        It 'saves the service in the store and emits it with -PassThru' {
            $saved = Set-CarbonTranscriptionService -Endpoint 'https://api.groq.com/openai/v1' -Model 'whisper-large-v3' -ApiKeyVariable 'GROQ_API_KEY' -MaxUploadMB 40 -PassThru -StorePath $store

            $saved.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.TranscriptionService'
            $read = Get-CarbonTranscriptionService -StorePath $store
            foreach ($service in $saved, $read) {
                $service.Provider | Should -BeExactly 'OpenAI'
                $service.Endpoint | Should -BeExactly 'https://api.groq.com/openai/v1'
                $service.Model | Should -BeExactly 'whisper-large-v3'
                $service.ApiKeySource | Should -BeExactly 'Environment:GROQ_API_KEY'
                $service.MaxUploadMB | Should -Be 40
            }
        }

        It 'keeps an -ApiKey for the session only and never writes it to the store' {
            $key = 'sk-' + [guid]::NewGuid().ToString('N')

            Set-CarbonTranscriptionService -Endpoint 'https://api.openai.com/v1' -Model 'whisper-1' -ApiKey (ConvertTo-SecureString -String $key -AsPlainText -Force) -StorePath $store

            (Get-CarbonTranscriptionService -StorePath $store).ApiKeySource | Should -BeExactly 'Session'
            $text = foreach ($path in $store, "$store-wal") {
                if (Test-Path -LiteralPath $path) { [System.Text.Encoding]::Latin1.GetString([System.IO.File]::ReadAllBytes($path)) }
            }
            ($text -join '') | Should -Not -Match $key
        }

        It 'replaces the service set before' {
            Set-CarbonTranscriptionService -Endpoint 'https://api.openai.com/v1' -Model 'whisper-1' -StorePath $store
            Set-CarbonTranscriptionService -Endpoint 'http://127.0.0.1:8080/v1' -Model 'base.en' -StorePath $store

            $service = @(Get-CarbonTranscriptionService -StorePath $store)
            $service | Should -HaveCount 1
            $service[0].Model | Should -BeExactly 'base.en'
            $service[0].ApiKeySource | Should -BeNullOrEmpty
        }

        It 'saves nothing with -WhatIf' {
            Set-CarbonTranscriptionService -Endpoint 'https://api.openai.com/v1' -Model 'whisper-1' -WhatIf -StorePath $store

            Get-CarbonTranscriptionService -StorePath $store | Should -BeNullOrEmpty
        }

        It 'refuses an endpoint that is not http or https (InvalidTranscriptionService) and saves nothing' {
            { Set-CarbonTranscriptionService -Endpoint 'ftp://example.com/v1' -Model 'whisper-1' -StorePath $store -ErrorAction Stop } |
                Should -Throw -ErrorId 'CarbonSpaces.InvalidTranscriptionService,CarbonSpaces.Commands.SetCarbonTranscriptionServiceCommand'
            Get-CarbonTranscriptionService -StorePath $store | Should -BeNullOrEmpty
        }

        It 'refuses a -MaxUploadMB of <Value> in parameter validation' -ForEach @(
            @{ Value = 0 }
            @{ Value = 2049 }
        ) {
            { Set-CarbonTranscriptionService -Endpoint 'https://api.openai.com/v1' -Model 'whisper-1' -MaxUploadMB $Value -StorePath $store } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CarbonSpaces.Commands.SetCarbonTranscriptionServiceCommand'
        }
    }
}
