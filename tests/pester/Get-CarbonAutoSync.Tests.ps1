BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $s3Problem = Get-TestS3Problem
    if ($s3Problem) {
        Write-Warning "Get-CarbonAutoSync: the tests against the test S3 server are skipped: $s3Problem"
    }
}

Describe 'Get-CarbonAutoSync' {
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
        It 'is exported by the module and declares CarbonSpaces.AutoSyncSetting as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonAutoSync

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.AutoSyncSetting'
        }

        It 'binds -CustomerId from the pipeline by property name' {
            $parameter = (Get-Command -Name Get-CarbonAutoSync).Parameters['CustomerId']

            $parameter.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameter.ParameterSets.Values.IsMandatory | Should -Not -Contain $true
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonAutoSync -Examples

            $help.Synopsis | Should -Match 'auto-sync'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonAutoSync | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.AutoSyncSetting' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.AutoSyncSetting'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'CustomerId', 'Enabled', 'EnabledSources', 'IntervalHours', 'LastRunAt', 'NextRunAt') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'reading settings' {
        It 'writes nothing, and no error, for a store without settings' {
            Get-CarbonAutoSync -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'lists every customer''s setting, ordered by customer id' {
            Set-CarbonAutoSync -CustomerId 'globex', 'acme' -StorePath $store
            Set-CarbonAutoSync -CustomerId 'initech' -Disable -StorePath $store

            $settings = @(Get-CarbonAutoSync -StorePath $store)

            ($settings.CustomerId -join '|') | Should -BeExactly 'acme|globex|initech'
            $settings[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.AutoSyncSetting'
            (@($settings.Enabled) -join '|') | Should -BeExactly 'True|True|False'
        }

        It 'reads only the customers asked for, exactly as they were saved' {
            Set-CarbonAutoSync -CustomerId 'acme', 'globex', 'initech' -IntervalHours 12 -StorePath $store

            $settings = @(Get-CarbonAutoSync -CustomerId 'initech', 'acme' -StorePath $store)

            ($settings.CustomerId -join '|') | Should -BeExactly 'acme|initech'
            foreach ($setting in $settings) {
                $setting.IntervalHours | Should -Be 12
            }

            Get-CarbonAutoSync 'globex' -StorePath $store | Should -Not -BeNullOrEmpty
        }

        It 'writes nothing, and no error, for a customer without a setting' {
            Set-CarbonAutoSync -CustomerId 'acme' -StorePath $store

            Get-CarbonAutoSync -CustomerId 'nobody' -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'takes CustomerId from piped objects' {
            Set-CarbonAutoSync -CustomerId 'acme', 'globex' -StorePath $store

            $settings = @([pscustomobject]@{ CustomerId = 'globex' }, [pscustomobject]@{ CustomerId = 'nobody' } | Get-CarbonAutoSync -StorePath $store)

            $settings | Should -HaveCount 1
            $settings[0].CustomerId | Should -BeExactly 'globex'
        }

        It 'shows settings in the default table view' {
            Set-CarbonAutoSync -CustomerId 'acme' -Source ALL -IntervalHours 6 -StorePath $store

            $table = Get-CarbonAutoSync -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'EnabledSources'
            $table | Should -Match 'acme\s+True\s+ALL\s+6\b'
        }
    }

    Context 'with data sources' -Skip:([bool]$s3Problem) {
        BeforeAll {
            $account = New-TestS3Account
        }

        It 'takes the CustomerId of piped data sources' {
            $customer = New-TestCustomerId
            $null = Connect-TestDataSource -Account $account -CustomerId $customer -StorePath $store
            Set-CarbonAutoSync -CustomerId $customer, 'someone-else' -IntervalHours 3 -StorePath $store

            $settings = @(Get-CarbonDataSource -StorePath $store | Get-CarbonAutoSync -StorePath $store)

            $settings | Should -HaveCount 1
            $settings[0].CustomerId | Should -BeExactly $customer
            $settings[0].IntervalHours | Should -Be 3
        }
    }
}
