BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $s3Problem = Get-TestS3Problem
    $seedingProblem = Get-TestSeedingProblem
    if ($s3Problem) {
        Write-Warning "Disconnect-CarbonSpace: the tests against the test S3 server are skipped: $s3Problem"
    }
    elseif ($seedingProblem) {
        Write-Warning "Disconnect-CarbonSpace: the tests that create buckets are skipped: $seedingProblem"
    }
}

Describe 'Disconnect-CarbonSpace' {
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
        It 'is exported by the module and declares CarbonSpaces.DataSource (-PassThru) as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Disconnect-CarbonSpace

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.DataSource'
        }

        It 'supports -WhatIf and -Confirm' {
            $command = Get-Command -Name Disconnect-CarbonSpace

            $command.Parameters.Keys | Should -Contain 'WhatIf'
            $command.Parameters.Keys | Should -Contain 'Confirm'
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Disconnect-CarbonSpace -Examples

            $help.Synopsis | Should -Match 'data source'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Disconnect-CarbonSpace | Should -BeNullOrEmpty
        }
    }

    Context 'without an S3 server' {
        It 'reports an id that is not in the store (DataSourceNotFound)' {
            Disconnect-CarbonSpace -Id 424242 -Confirm:$false -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.DisconnectCarbonSpaceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 424242
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$s3Problem) {
        BeforeAll {
            $account = New-TestS3Account
        }

        AfterAll {
            Remove-TestBucket
        }

        It 'forgets the data source and writes nothing by default' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $output = Disconnect-CarbonSpace -Id $ds.Id -Confirm:$false -StorePath $store

            $output | Should -BeNullOrEmpty
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'writes the data source as it was with -PassThru' {
            $ds = Connect-TestDataSource -Account $account -Name 'to-forget' -StorePath $store

            $output = @(Disconnect-CarbonSpace -Id $ds.Id -PassThru -Confirm:$false -StorePath $store)

            $output | Should -HaveCount 1
            $output[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.DataSource'
            $output[0].Id | Should -Be $ds.Id
            $output[0].Name | Should -BeExactly 'to-forget'
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'leaves everything in place with Get-CarbonDataSource | Disconnect-CarbonSpace -WhatIf' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $output = Get-CarbonDataSource -StorePath $store | Disconnect-CarbonSpace -WhatIf -StorePath $store

            $output | Should -BeNullOrEmpty
            (Get-CarbonDataSource -StorePath $store).Id | Should -Be $ds.Id
        }

        It 'forgets every data source piped from Get-CarbonDataSource with -Confirm:$false' {
            $null = Connect-TestDataSource -Account $account -StorePath $store

            Get-CarbonDataSource -StorePath $store | Disconnect-CarbonSpace -Confirm:$false -StorePath $store

            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'reports unknown ids and still forgets the known ones' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            Disconnect-CarbonSpace -Id 999999, $ds.Id -Confirm:$false -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.DataSourceNotFound,*'
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'accepts -RemoveFiles for a data source without files' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            Disconnect-CarbonSpace -Id $ds.Id -RemoveFiles -Confirm:$false -StorePath $store -ErrorVariable err

            $err | Should -HaveCount 0
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'removes the items with the data source and never touches the bucket' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'disconnect'
            Write-TestObject -Account $account -Bucket $bucket -Key 'keep/me.txt' -Content 'still here'
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store
            @(Get-CarbonItem -DataSourceId $ds.Id -StorePath $store) | Should -HaveCount 2

            Disconnect-CarbonSpace -Id $ds.Id -RemoveFiles -Confirm:$false -StorePath $store

            Get-CarbonItem -StorePath $store | Should -BeNullOrEmpty
            Get-TestObjectKey -Account $account -Bucket $bucket | Should -BeExactly 'keep/me.txt'
        }
    }
}
