Describe 'Get-CarbonTranscriptionService' {
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
        It 'is exported by the module and declares CarbonSpaces.TranscriptionService as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonTranscriptionService

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.TranscriptionService'
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonTranscriptionService -Examples

            $help.Synopsis | Should -Match 'speech-to-text'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonTranscriptionService | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.TranscriptionService' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.TranscriptionService'

            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'Provider', 'Endpoint', 'Model', 'ApiKeySource', 'MaxUploadMB') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'reading the service' {
        It 'writes nothing, and no error, when no service is set' {
            Get-CarbonTranscriptionService -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'shows where the key comes from, never the key' {
            Set-CarbonTranscriptionService -Endpoint 'https://api.openai.com/v1' -Model 'whisper-1' -SecretName 'openai-key' -Vault 'RunbookVault' -StorePath $store

            $service = Get-CarbonTranscriptionService -StorePath $store

            $service.ApiKeySource | Should -BeExactly 'SecretManagement:openai-key@RunbookVault'
            $service.PSObject.Properties.Name | Should -Not -Contain 'ApiKey'
            ($service | Format-Table | Out-String) | Should -Match 'SecretManagement'
        }
    }
}
