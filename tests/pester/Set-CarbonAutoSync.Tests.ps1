BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
}

Describe 'Set-CarbonAutoSync' {
    BeforeAll {
        Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
        $null = Import-CarbonSpacesTestModule
        $validationErrorId = 'ParameterArgumentValidationError,CarbonSpaces.Commands.SetCarbonAutoSyncCommand'

        function New-CustomerIdList {
            param([int] $Count)

            $prefix = [guid]::NewGuid().ToString('N').Substring(0, 8)
            @(for ($i = 1; $i -le $Count; $i++) { 'customer-{0}-{1:000}@example.com' -f $prefix, $i })
        }
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
        It 'is exported by the module and declares CarbonSpaces.AutoSyncSetting (-PassThru) as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Set-CarbonAutoSync

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.AutoSyncSetting'
        }

        It 'offers the sources and intervals Carbon does' {
            $parameters = (Get-Command -Name Set-CarbonAutoSync).Parameters
            $sources = @($parameters['Source'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
            $intervals = @($parameters['IntervalHours'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })

            ($sources | Sort-Object) -join '|' | Should -BeExactly 'ALL|S3'
            ($intervals | ForEach-Object { [int]$_ } | Sort-Object) -join '|' | Should -BeExactly '3|6|12|24'
            $parameters['CustomerId'].ParameterSets.Values.IsMandatory | Should -Contain $true
            foreach ($name in 'Disable', 'PassThru', 'WhatIf', 'Confirm') {
                $parameters.Keys | Should -Contain $name
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Set-CarbonAutoSync -Examples

            $help.Synopsis | Should -Match 'customer'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Set-CarbonAutoSync | Should -BeNullOrEmpty
        }
    }

    Context 'saving settings' {
        It 'enables auto-sync with the defaults: S3 sources, every 24 hours, due now, and writes nothing' {
            $customer = New-TestCustomerId
            $before = [DateTimeOffset]::UtcNow.AddSeconds(-1)

            $output = Set-CarbonAutoSync -CustomerId $customer -StorePath $store

            $output | Should -BeNullOrEmpty
            $setting = Get-CarbonAutoSync -CustomerId $customer -StorePath $store
            $setting | Should -HaveCount 1
            $setting.CustomerId | Should -BeExactly $customer
            $setting.Enabled | Should -BeTrue
            $setting.EnabledSources | Should -BeExactly 'S3'
            $setting.IntervalHours | Should -Be 24
            $setting.LastRunAt | Should -BeNullOrEmpty
            $setting.NextRunAt | Should -BeGreaterOrEqual $before
            $setting.NextRunAt | Should -BeLessOrEqual ([DateTimeOffset]::UtcNow.AddSeconds(1))
        }

        It 'writes the saved settings as CarbonSpaces.AutoSyncSetting objects with -PassThru' {
            $customers = @(New-TestCustomerId -Purpose 'team'; New-TestCustomerId -Purpose 'ops')

            $output = @(Set-CarbonAutoSync -CustomerId $customers -Source ALL -IntervalHours 6 -PassThru -StorePath $store)

            $output | Should -HaveCount 2
            foreach ($setting in $output) {
                $setting.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.AutoSyncSetting'
                $setting.CustomerId | Should -BeIn $customers
                $setting.Enabled | Should -BeTrue
                $setting.EnabledSources | Should -BeExactly 'ALL'
                $setting.IntervalHours | Should -Be 6
            }
        }

        It 'accepts -IntervalHours <Hours>' -ForEach @(
            @{ Hours = 3 }
            @{ Hours = 6 }
            @{ Hours = 12 }
            @{ Hours = 24 }
        ) {
            $setting = Set-CarbonAutoSync -CustomerId (New-TestCustomerId) -IntervalHours $Hours -PassThru -StorePath $store

            $setting.IntervalHours | Should -Be $Hours
        }

        It 'stores -Source in upper case whatever case it was given in' {
            $setting = Set-CarbonAutoSync -CustomerId (New-TestCustomerId) -Source 'all' -PassThru -StorePath $store

            $setting.EnabledSources | Should -BeExactly 'ALL'
        }

        It 'saves 100 customer ids in one call' {
            $customers = New-CustomerIdList -Count 100

            Set-CarbonAutoSync -CustomerId $customers -StorePath $store

            $saved = @(Get-CarbonAutoSync -StorePath $store)
            $saved | Should -HaveCount 100
            ($saved.CustomerId | Sort-Object) -join '|' | Should -BeExactly (($customers | Sort-Object) -join '|')
        }

        It 'saves a customer id given twice once' {
            $customer = New-TestCustomerId

            Set-CarbonAutoSync -CustomerId $customer, $customer -StorePath $store

            @(Get-CarbonAutoSync -StorePath $store) | Should -HaveCount 1
        }

        It 'turns auto-sync off with -Disable, keeping the customer''s setting' {
            $customer = New-TestCustomerId
            Set-CarbonAutoSync -CustomerId $customer -StorePath $store

            $setting = Set-CarbonAutoSync -CustomerId $customer -Disable -PassThru -StorePath $store

            $setting.Enabled | Should -BeFalse
            $setting.NextRunAt | Should -BeNullOrEmpty
            (Get-CarbonAutoSync -CustomerId $customer -StorePath $store).Enabled | Should -BeFalse
        }

        It 'enables a disabled customer again' {
            $customer = New-TestCustomerId
            Set-CarbonAutoSync -CustomerId $customer -Disable -StorePath $store

            $setting = Set-CarbonAutoSync -CustomerId $customer -IntervalHours 12 -PassThru -StorePath $store

            $setting.Enabled | Should -BeTrue
            $setting.IntervalHours | Should -Be 12
            $setting.NextRunAt | Should -Not -BeNullOrEmpty
        }

        It 'saves nothing with -WhatIf' {
            Set-CarbonAutoSync -CustomerId (New-TestCustomerId) -WhatIf -StorePath $store

            Get-CarbonAutoSync -StorePath $store | Should -BeNullOrEmpty
        }
    }

    Context 'refusing what cannot be saved' {
        It 'refuses 101 customer ids in parameter validation and saves none of them' {
            $customers = New-CustomerIdList -Count 101

            { Set-CarbonAutoSync -CustomerId $customers -StorePath $store } | Should -Throw -ErrorId $validationErrorId

            Get-CarbonAutoSync -StorePath $store | Should -BeNullOrEmpty
        }

        It 'refuses -IntervalHours <Hours> in parameter validation' -ForEach @(
            @{ Hours = 5 }
            @{ Hours = 0 }
            @{ Hours = 48 }
        ) {
            { Set-CarbonAutoSync -CustomerId (New-TestCustomerId) -IntervalHours $Hours -StorePath $store } | Should -Throw -ErrorId $validationErrorId

            Get-CarbonAutoSync -StorePath $store | Should -BeNullOrEmpty
        }

        It 'refuses a -Source other than S3 or ALL in parameter validation' {
            { Set-CarbonAutoSync -CustomerId (New-TestCustomerId) -Source 'GOOGLE_DRIVE' -StorePath $store } | Should -Throw -ErrorId $validationErrorId
        }

        It 'refuses an empty customer id in parameter validation' {
            { Set-CarbonAutoSync -CustomerId '' -StorePath $store } | Should -Throw -ErrorId $validationErrorId
        }

        It 'refuses a list holding an empty customer id, and saves none of it' {
            { Set-CarbonAutoSync -CustomerId (New-TestCustomerId), '' -StorePath $store } | Should -Throw -ErrorId $validationErrorId

            Get-CarbonAutoSync -StorePath $store | Should -BeNullOrEmpty
        }

        It 'stops with EmptyCustomerId for an id of only spaces, and saves none of the list' {
            { Set-CarbonAutoSync -CustomerId (New-TestCustomerId), '   ' -StorePath $store } |
                Should -Throw -ErrorId 'CarbonSpaces.EmptyCustomerId,CarbonSpaces.Commands.SetCarbonAutoSyncCommand'

            Get-CarbonAutoSync -StorePath $store | Should -BeNullOrEmpty
        }
    }
}
