BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Invoke-CarbonAutoSync: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Invoke-CarbonAutoSync' {
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
        It 'is exported by the module and declares CarbonSpaces.AutoSyncRun as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Invoke-CarbonAutoSync

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.AutoSyncRun'
        }

        It 'takes optional customer ids, -Force, -ThrottleLimit and -WhatIf' {
            $parameters = (Get-Command -Name Invoke-CarbonAutoSync).Parameters

            $parameters['CustomerId'].ParameterSets.Values.IsMandatory | Should -Not -Contain $true
            foreach ($name in 'Force', 'ThrottleLimit', 'WhatIf', 'Confirm') {
                $parameters.Keys | Should -Contain $name
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Invoke-CarbonAutoSync -Examples

            $help.Synopsis | Should -Match 'runbook'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Invoke-CarbonAutoSync | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.AutoSyncRun' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.AutoSyncRun'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'CustomerId', 'DataSourceId', 'ItemsAdded', 'ItemsUpdated', 'ItemsRemoved', 'FilesSynced', 'FilesResynced', 'FilesRemoved', 'Errors', 'Duration') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'does nothing, and writes no error, when no customer has auto-sync enabled' {
            Invoke-CarbonAutoSync -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'does nothing for an enabled customer without data sources' {
            Set-CarbonAutoSync -CustomerId (New-TestCustomerId) -StorePath $store

            Invoke-CarbonAutoSync -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'refuses 101 customer ids in parameter validation' {
            $customers = @(for ($i = 1; $i -le 101; $i++) { "customer-$i" })

            { Invoke-CarbonAutoSync -CustomerId $customers -StorePath $store } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CarbonSpaces.Commands.InvokeCarbonAutoSyncCommand'
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            # An S3 user of its own (where radosgw-admin allows it): the items sync of a run lists every
            # bucket of the key, so other suites' buckets would change the counts. Each test removes its
            # buckets when it ends (AfterEach), so the next one sees only its own.
            $account = New-TestS3Account
        }

        BeforeEach {
            $bucket = New-TestBucket -Account $account -Purpose 'autosync'
            Write-TestObject -Account $account -Bucket $bucket -Key 'a.txt' -Content 'Alpha document about apples.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'b.txt' -Content 'Bravo document about bananas.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'c.txt' -Content 'Charlie document about cherries.'
            $customer = New-TestCustomerId -Purpose 'autosync'
            $ds = Connect-TestDataSource -Account $account -CustomerId $customer -StorePath $store
            $null = Sync-CarbonItem -DataSourceId $ds.Id -StorePath $store -ErrorAction Stop
            $synced = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop)
        }

        AfterEach {
            Remove-TestBucket
        }

        It 'picks up added, changed and deleted objects of a bucket synced whole, in one run' {
            Set-CarbonAutoSync -CustomerId $customer -IntervalHours 3 -StorePath $store
            Write-TestObject -Account $account -Bucket $bucket -Key 'd.txt' -Content 'Delta document about dates.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'b.txt' -Content 'Bravo document about blueberries now.'
            Remove-TestObject -Account $account -Bucket $bucket -Key 'c.txt'

            $runs = @(Invoke-CarbonAutoSync -StorePath $store -ErrorVariable err)

            $err | Should -HaveCount 0
            $runs | Should -HaveCount 1
            $run = $runs[0]
            $run.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.AutoSyncRun'
            $run.CustomerId | Should -BeExactly $customer
            $run.DataSourceId | Should -Be $ds.Id
            $run.ItemsAdded | Should -Be 1
            $run.ItemsUpdated | Should -Be 1
            $run.ItemsRemoved | Should -Be 1
            $run.FilesSynced | Should -Be 1
            $run.FilesResynced | Should -Be 1
            $run.FilesRemoved | Should -Be 1
            $run.Errors | Should -Be 0
            $run.Duration | Should -BeOfType [timespan]

            $files = @(Get-CarbonFile -StorePath $store | Sort-Object -Property Key)
            ($files.Key -join '|') | Should -BeExactly 'a.txt|b.txt|d.txt'
            @($files | Where-Object SyncStatus -NE 'READY') | Should -HaveCount 0
            ($files | Where-Object Key -EQ 'a.txt').LastSyncedAt | Should -Be ($synced | Where-Object Key -EQ 'a.txt').LastSyncedAt

            (Search-CarbonChunk -Mode Keyword -Query 'blueberries' -StorePath $store).Key | Should -BeExactly 'b.txt'
            (Search-CarbonChunk -Mode Keyword -Query 'dates' -StorePath $store).Key | Should -BeExactly 'd.txt'
            Search-CarbonChunk -Mode Keyword -Query 'bananas' -StorePath $store | Should -BeNullOrEmpty
            Search-CarbonChunk -Mode Keyword -Query 'cherries' -StorePath $store | Should -BeNullOrEmpty
            Get-TestObjectKey -Account $account -Bucket $bucket | Should -Not -Contain 'c.txt'
        }

        It 'records the run in the customer''s setting' {
            Set-CarbonAutoSync -CustomerId $customer -IntervalHours 3 -StorePath $store

            $null = Invoke-CarbonAutoSync -StorePath $store

            $setting = Get-CarbonAutoSync -CustomerId $customer -StorePath $store
            $setting.LastRunAt | Should -Not -BeNullOrEmpty
            ($setting.NextRunAt - $setting.LastRunAt) | Should -Be ([timespan]::FromHours(3))
        }

        It 'changes nothing in a second run: the data source is not due, and forcing it finds nothing to do' {
            Set-CarbonAutoSync -CustomerId $customer -StorePath $store
            Write-TestObject -Account $account -Bucket $bucket -Key 'd.txt' -Content 'Delta document about dates.'
            $null = Invoke-CarbonAutoSync -StorePath $store -ErrorAction Stop
            $before = @(Get-CarbonFile -StorePath $store)

            $notDue = Invoke-CarbonAutoSync -StorePath $store
            $forced = @(Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $store -ErrorVariable err)

            $notDue | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
            $forced | Should -HaveCount 1
            foreach ($count in 'ItemsAdded', 'ItemsUpdated', 'ItemsRemoved', 'FilesSynced', 'FilesResynced', 'FilesRemoved', 'Errors') {
                $forced[0].$count | Should -Be 0 -Because "$count of a run over an unchanged bucket"
            }

            $after = @(Get-CarbonFile -StorePath $store)
            $after | Should -HaveCount $before.Count
            foreach ($file in $after) {
                $file.LastSyncedAt | Should -Be ($before | Where-Object Id -EQ $file.Id).LastSyncedAt
            }
        }

        It 'syncs a data source connected with -Credential in the session that connected it' {
            $ds.CredentialSource | Should -BeExactly 'Session'
            Write-TestObject -Account $account -Bucket $bucket -Key 'a.txt' -Content 'Alpha document about apricots.'

            $runs = @(Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $store -ErrorVariable err)

            $err | Should -HaveCount 0
            $runs | Should -HaveCount 1
            $runs[0].Errors | Should -Be 0
            $runs[0].FilesResynced | Should -Be 1
            (Search-CarbonChunk -Mode Keyword -Query 'apricots' -StorePath $store).Key | Should -BeExactly 'a.txt'
        }

        It 'skips customers without auto-sync enabled unless they are named with -Force' {
            $notSet = Invoke-CarbonAutoSync -StorePath $store
            $namedNotSet = Invoke-CarbonAutoSync -CustomerId $customer -StorePath $store
            Set-CarbonAutoSync -CustomerId $customer -Disable -StorePath $store
            $disabled = Invoke-CarbonAutoSync -CustomerId $customer -StorePath $store

            $forced = @(Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $store)

            $notSet | Should -BeNullOrEmpty
            $namedNotSet | Should -BeNullOrEmpty
            $disabled | Should -BeNullOrEmpty
            $forced | Should -HaveCount 1
            $forced[0].DataSourceId | Should -Be $ds.Id
        }

        It 'syncs only the customers given with -CustomerId' {
            Set-CarbonAutoSync -CustomerId $customer, (New-TestCustomerId) -StorePath $store

            $runs = @(Invoke-CarbonAutoSync -CustomerId (New-TestCustomerId) -StorePath $store)

            $runs | Should -HaveCount 0
            (Get-CarbonAutoSync -CustomerId $customer -StorePath $store).LastRunAt | Should -BeNullOrEmpty
        }

        It 'turns new objects under a prefix synced whole into files with the prefix''s options, and leaves other objects out' {
            $docs = New-TestBucket -Account $account -Purpose 'autosync-docs'
            Write-TestObject -Account $account -Bucket $docs -Key 'docs/one.txt' -Content 'First policy document.'
            Write-TestObject -Account $account -Bucket $docs -Key 'misc/one.txt' -Content 'Outside the prefix.'
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $docs -Prefix 'docs/' -Tag @{ team = 'hr' } -ChunkSize 800 -ChunkOverlap 40 -StorePath $store -ErrorAction Stop
            Write-TestObject -Account $account -Bucket $docs -Key 'docs/two.txt' -Content 'Second policy document.'
            Write-TestObject -Account $account -Bucket $docs -Key 'misc/two.txt' -Content 'Also outside the prefix.'
            Set-CarbonAutoSync -CustomerId $customer -StorePath $store

            $runs = @(Invoke-CarbonAutoSync -StorePath $store -ErrorVariable err)

            $err | Should -HaveCount 0
            $runs | Should -HaveCount 1
            $runs[0].FilesSynced | Should -Be 1
            $runs[0].FilesResynced | Should -Be 0
            $new = Get-CarbonFile -Bucket $docs -Key 'docs/two.txt' -StorePath $store
            $new.SyncStatus | Should -BeExactly 'READY'
            $new.Tags['team'] | Should -BeExactly 'hr'
            $new.ChunkSize | Should -Be 800
            $new.ChunkOverlap | Should -Be 40
            Get-CarbonFile -Bucket $docs -Key 'misc/one.txt', 'misc/two.txt' -StorePath $store | Should -BeNullOrEmpty
        }

        It 'syncs nothing with -WhatIf' {
            Set-CarbonAutoSync -CustomerId $customer -StorePath $store
            Write-TestObject -Account $account -Bucket $bucket -Key 'b.txt' -Content 'Bravo document about blueberries now.'

            $runs = Invoke-CarbonAutoSync -WhatIf -StorePath $store

            $runs | Should -BeNullOrEmpty
            (Get-CarbonFile -Key 'b.txt' -StorePath $store).LastSyncedAt | Should -Be ($synced | Where-Object Key -EQ 'b.txt').LastSyncedAt
            (Get-CarbonAutoSync -CustomerId $customer -StorePath $store).LastRunAt | Should -BeNullOrEmpty
        }

        It 'reports a data source whose secret cannot be read, and still syncs the customer''s others' {
            $second = New-TestS3Account
            if ($second.AccessKey -eq $account.AccessKey) {
                Set-ItResult -Skipped -Because 'needs a second access key, and radosgw-admin or CARBONSPACES_TEST_RGW_CONF is not available to create it'
                return
            }

            $env:AWS_ACCESS_KEY_ID = $second.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $second.SecretKey
            $fromEnvironment = Connect-CarbonSpace -Endpoint $second.Endpoint -Region $second.Region -CustomerId $customer -StorePath $store -ErrorAction Stop
            $env:AWS_ACCESS_KEY_ID = $null
            $env:AWS_SECRET_ACCESS_KEY = $null

            $runs = @(Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $runs | Should -HaveCount 2
            ($runs | Where-Object DataSourceId -EQ $ds.Id).Errors | Should -Be 0
            ($runs | Where-Object DataSourceId -EQ $fromEnvironment.Id).Errors | Should -Be 1
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.CredentialUnavailable,CarbonSpaces.Commands.InvokeCarbonAutoSyncCommand'
            $err[0].Exception.Message | Should -Match 'AWS_ACCESS_KEY_ID'
        }

        It 'shows runs in the default table view' {
            $table = Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'FilesResynced'
            $table | Should -Match ([regex]::Escape($customer.Substring(0, 10)))
            $table | Should -Match '\d\d:\d\d:\d\d\.\d'
        }
    }

    Context 'through a network that cuts answers off' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestFaultProxy.psm1') -Force
            $account = New-TestS3Account
            $faulty = New-TestFaultProxy -Account $account
        }

        AfterAll {
            $faulty.Proxy.Dispose()
            Remove-TestBucket
        }

        It 'reports a bucket whose listing is cut off on every attempt (EndpointUnreachable), keeps its files, and syncs the new objects of the other bucket' {
            $broken = New-TestBucket -Account $account -Purpose 'autosync-cut'
            $healthy = New-TestBucket -Account $account -Purpose 'autosync-whole'
            Write-TestObject -Account $account -Bucket $broken -Key 'a.txt' -Content 'Alpha document about apples.'
            Write-TestObject -Account $account -Bucket $healthy -Key 'b.txt' -Content 'Bravo document about bananas.'
            $customer = New-TestCustomerId -Purpose 'autosync'
            $ds = Connect-TestDataSource -Account $faulty.Account -CustomerId $customer -StorePath $store
            $null = Sync-CarbonItem -DataSourceId $ds.Id -StorePath $store -ErrorAction Stop
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $broken, $healthy -StorePath $store -ErrorAction Stop
            Set-CarbonAutoSync -CustomerId $customer -IntervalHours 3 -StorePath $store
            Write-TestObject -Account $account -Bucket $broken -Key 'c.txt' -Content 'Charlie document about cherries.'
            Write-TestObject -Account $account -Bucket $healthy -Key 'd.txt' -Content 'Delta document about dates.'
            $faulty.Proxy.FailEveryAttempt('CutBody', 'ListObjectsV2', $broken)

            $runs = @(Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $runs | Should -HaveCount 1
            $runs[0].Errors | Should -Be 1
            $runs[0].FilesSynced | Should -Be 1
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.EndpointUnreachable,CarbonSpaces.Commands.InvokeCarbonAutoSyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].TargetObject | Should -BeExactly "bucket '$broken'"
            $files = @(Get-CarbonFile -DataSourceId $ds.Id -StorePath $store | Sort-Object -Property Key)
            ($files.Key -join '|') | Should -BeExactly 'a.txt|b.txt|d.txt' -Because 'the broken bucket keeps its file and gets none it could not list'
            @($files | Where-Object SyncStatus -NE 'READY') | Should -HaveCount 0
        }
    }
}
