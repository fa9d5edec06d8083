BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $s3Problem = Get-TestS3Problem
    if ($s3Problem) {
        Write-Warning "Get-CarbonDataSource: the tests against the test S3 server are skipped: $s3Problem"
    }
}

Describe 'Get-CarbonDataSource' {
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
        It 'is exported by the module and declares CarbonSpaces.DataSource as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonDataSource

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.DataSource'
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonDataSource -Examples

            $help.Synopsis | Should -Match 'data source'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonDataSource | Should -BeNullOrEmpty
        }
    }

    Context 'without an S3 server' {
        It 'writes nothing for a new store, and creates the store file' {
            $found = Get-CarbonDataSource -StorePath $store -ErrorVariable err

            $found | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
            Test-Path -LiteralPath $store -PathType Leaf | Should -BeTrue
        }

        It 'reports an -Id that is not in the store (DataSourceNotFound) without stopping' {
            $found = Get-CarbonDataSource -Id 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $found | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.GetCarbonDataSourceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 424242
            $err[0].Exception.Message | Should -Match '424242'
        }

        It 'treats a -Name or -CustomerId that matches nothing as no error' {
            Get-CarbonDataSource -Name 'nothing-here*' -CustomerId 'nobody' -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'uses $env:CARBONSPACES_STORE when -StorePath is not given' {
            $env:CARBONSPACES_STORE = $store

            Get-CarbonDataSource | Should -BeNullOrEmpty

            Test-Path -LiteralPath $store -PathType Leaf | Should -BeTrue
        }

        It 'stops with StoreCorrupt for a file that is not a store, and leaves the file alone' {
            $notAStore = Join-Path -Path (Split-Path -Parent $store) -ChildPath 'notes.db'
            $content = 'x' * 4096
            [System.IO.File]::WriteAllText($notAStore, $content)

            { Get-CarbonDataSource -StorePath $notAStore } | Should -Throw -ErrorId 'CarbonSpaces.StoreCorrupt,CarbonSpaces.Commands.GetCarbonDataSourceCommand'

            [System.IO.File]::ReadAllText($notAStore) | Should -BeExactly $content
        }

        It 'stops with StoreConnectionFailed for an unreachable PostgreSQL store, naming it without its password' {
            { Get-CarbonDataSource -StorePath 'postgresql://carbon:s3cret@127.0.0.1:1/store' } |
                Should -Throw -ErrorId 'CarbonSpaces.StoreConnectionFailed,CarbonSpaces.Commands.GetCarbonDataSourceCommand'

            $env:CARBONSPACES_STORE = 'Host=127.0.0.1;Port=1;Database=store;Username=carbon;Password=s3cret'
            $message = try { Get-CarbonDataSource; 'no error' } catch { $_.Exception.Message }
            $message | Should -Match ([regex]::Escape("Cannot connect to the PostgreSQL server of the store 'postgresql://carbon@127.0.0.1:1/store'"))
            $message | Should -Not -Match 's3cret'
        }

        It 'has a default table view for CarbonSpaces.DataSource' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.DataSource'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'Id', 'Name', 'DataSourceMetadata', 'Endpoint', 'Region', 'AccessKeyId', 'CustomerId', 'SyncStatus', 'ItemsSyncedAt') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$s3Problem) {
        BeforeAll {
            $alpha = New-TestS3Account
            $beta = New-TestS3Account
            $twoKeysProblem = $null
            if ($alpha.AccessKey -eq $beta.AccessKey) {
                $twoKeysProblem = 'needs two access keys, and radosgw-admin or CARBONSPACES_TEST_RGW_CONF is not available to create the second'
            }
        }

        It 'lists the data sources of the store it is given, and only those' {
            $ds = Connect-TestDataSource -Account $alpha -Name 'alpha-rgw' -StorePath $store
            $otherStore = New-TestStorePath
            try {
                $found = @(Get-CarbonDataSource -StorePath $store)

                $found | Should -HaveCount 1
                $found[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.DataSource'
                $found[0].Id | Should -Be $ds.Id
                $found[0].Name | Should -BeExactly 'alpha-rgw'
                Get-CarbonDataSource -StorePath $otherStore | Should -BeNullOrEmpty
            }
            finally {
                Remove-TestStorePath -Path $otherStore
            }
        }

        It 'takes the store from $env:CARBONSPACES_STORE, and -StorePath over it' {
            $ds = Connect-TestDataSource -Account $alpha -StorePath $store
            $env:CARBONSPACES_STORE = $store
            $otherStore = New-TestStorePath
            try {
                (Get-CarbonDataSource).Id | Should -Be $ds.Id
                Get-CarbonDataSource -StorePath $otherStore | Should -BeNullOrEmpty
            }
            finally {
                Remove-TestStorePath -Path $otherStore
            }
        }

        It 'filters by name with wildcards, not case-sensitive, by customer, and by id' {
            if ($twoKeysProblem) {
                Set-ItResult -Skipped -Because $twoKeysProblem
            }

            $a = Connect-TestDataSource -Account $alpha -Name 'alpha-rgw' -CustomerId 'acme' -StorePath $store
            $b = Connect-TestDataSource -Account $beta -Name 'beta-rgw' -CustomerId 'globex' -StorePath $store

            @(Get-CarbonDataSource -StorePath $store) | Should -HaveCount 2
            (Get-CarbonDataSource -Name 'alpha*' -StorePath $store).Id | Should -Be $a.Id
            (Get-CarbonDataSource 'BETA-RGW' -StorePath $store).Id | Should -Be $b.Id
            @(Get-CarbonDataSource -Name 'a*', 'b*' -StorePath $store) | Should -HaveCount 2
            (Get-CarbonDataSource -CustomerId 'GLOBEX' -StorePath $store).Id | Should -Be $b.Id
            (Get-CarbonDataSource -Id $a.Id -StorePath $store).Name | Should -BeExactly 'alpha-rgw'
            Get-CarbonDataSource -Name 'alpha*' -CustomerId 'globex' -StorePath $store | Should -BeNullOrEmpty
        }

        It 'writes the data sources it finds and reports the ids it does not' {
            $ds = Connect-TestDataSource -Account $alpha -StorePath $store

            $found = @(Get-CarbonDataSource -Id $ds.Id, 999999 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $found | Should -HaveCount 1
            $found[0].Id | Should -Be $ds.Id
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.DataSourceNotFound,*'
            $err[0].TargetObject | Should -Be 999999
        }

        It 'never writes the secret' {
            $null = Connect-TestDataSource -Account $alpha -StorePath $store
            $secretPattern = [regex]::Escape($alpha.SecretKey)

            $found = Get-CarbonDataSource -StorePath $store

            ($found | ConvertTo-Json -Depth 5) | Should -Not -Match $secretPattern
            ($found | Format-List -Property * | Out-String -Width 500) | Should -Not -Match $secretPattern
            ($found | Format-Table | Out-String -Width 500) | Should -Not -Match $secretPattern
            $found.CredentialSource | Should -BeExactly 'Session'
        }
    }
}
