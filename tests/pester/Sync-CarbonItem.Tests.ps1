BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $s3Problem = Get-TestS3Problem
    $seedingProblem = Get-TestSeedingProblem
    if ($s3Problem) {
        Write-Warning "Sync-CarbonItem: the tests against the test S3 server are skipped: $s3Problem"
    }
    elseif ($seedingProblem) {
        Write-Warning "Sync-CarbonItem: the tests that create buckets are skipped: $seedingProblem"
    }
}

Describe 'Sync-CarbonItem' {
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
        It 'is exported by the module and declares CarbonSpaces.ItemSyncResult as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Sync-CarbonItem

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.ItemSyncResult'
        }

        It 'takes data sources from the pipeline, and ids by property name (Id or DataSourceId)' {
            $parameters = (Get-Command -Name Sync-CarbonItem).Parameters

            $parameters['DataSource'].ParameterSets.Values.ValueFromPipeline | Should -Contain $true
            $parameters['DataSourceId'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameters['DataSourceId'].Aliases | Should -Contain 'Id'
            $parameters['Bucket'].Aliases | Should -Contain 'BucketName'
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Sync-CarbonItem -Examples

            $help.Synopsis | Should -Match 'bucket'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Sync-CarbonItem | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.ItemSyncResult' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.ItemSyncResult'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'DataSourceId', 'Bucket', 'Buckets', 'Objects', 'Added', 'Updated', 'Removed', 'Duration') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'reports a data source id that is not in the store (DataSourceNotFound)' {
            $result = Sync-CarbonItem -DataSourceId 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.SyncCarbonItemCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$s3Problem) {
        BeforeAll {
            $account = New-TestS3Account
        }

        AfterAll {
            Remove-TestBucket
        }

        It 'loads a bucket and its objects into items, leaving out folder markers' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-load'
            Write-TestObject -Account $account -Bucket $bucket -Key 'docs/a.txt' -Content 'alpha'
            Write-TestObject -Account $account -Bucket $bucket -Key 'docs/b.pdf' -Content 'bravo bravo'
            Write-TestObject -Account $account -Bucket $bucket -Key 'readme.md' -Content '# readme'
            Write-TestObject -Account $account -Bucket $bucket -Key 'empty-folder/' -Content ''
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $result = @(Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store)

            $result | Should -HaveCount 1
            $result[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.ItemSyncResult'
            $result[0].DataSourceId | Should -Be $ds.Id
            $result[0].Bucket | Should -BeExactly $bucket
            $result[0].Buckets | Should -Be 1
            $result[0].Objects | Should -Be 3
            $result[0].Added | Should -Be 4 -Because 'the bucket and its three objects are new'
            $result[0].Updated | Should -Be 0
            $result[0].Removed | Should -Be 0
            $result[0].FailedBuckets | Should -Be 0
            $result[0].Duration | Should -BeOfType [timespan]
            $keys = @(Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Kind File -StorePath $store).Key | Sort-Object
            $keys -join '|' | Should -BeExactly 'docs/a.txt|docs/b.pdf|readme.md'
            $source = Get-CarbonDataSource -Id $ds.Id -StorePath $store
            $source.SyncStatus | Should -BeExactly 'READY'
            $source.ItemsSyncedAt | Should -Not -BeNullOrEmpty
        }

        It 'changes nothing when the bucket did not change' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-same'
            Write-TestObject -Account $account -Bucket $bucket -Key 'one.txt' -Content 'one'
            Write-TestObject -Account $account -Bucket $bucket -Key 'two.txt' -Content 'two'
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store
            $before = @(Get-CarbonItem -DataSourceId $ds.Id -StorePath $store | ForEach-Object { '{0}={1}' -f $_.Id, $_.ETag })

            $result = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store

            $result.Objects | Should -Be 2
            $result.Added | Should -Be 0
            $result.Updated | Should -Be 0
            $result.Removed | Should -Be 0
            $after = @(Get-CarbonItem -DataSourceId $ds.Id -StorePath $store | ForEach-Object { '{0}={1}' -f $_.Id, $_.ETag })
            ($after -join '|') | Should -BeExactly ($before -join '|') -Because 'unchanged objects keep their items'
        }

        It 'counts new, changed and deleted objects' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-diff'
            Write-TestObject -Account $account -Bucket $bucket -Key 'keep.txt' -Content 'keep'
            Write-TestObject -Account $account -Bucket $bucket -Key 'change.txt' -Content 'before'
            Write-TestObject -Account $account -Bucket $bucket -Key 'delete.txt' -Content 'delete me'
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store
            Write-TestObject -Account $account -Bucket $bucket -Key 'change.txt' -Content 'after, and longer'
            Remove-TestObject -Account $account -Bucket $bucket -Key 'delete.txt'
            Write-TestObject -Account $account -Bucket $bucket -Key 'new.txt' -Content 'new'

            $result = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store

            $result.Objects | Should -Be 3
            $result.Added | Should -Be 1
            $result.Updated | Should -Be 1
            $result.Removed | Should -Be 1
            $files = @(Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Kind File -StorePath $store)
            (($files.Key | Sort-Object) -join '|') | Should -BeExactly 'change.txt|keep.txt|new.txt'
            ($files | Where-Object Key -EQ 'change.txt').Size | Should -Be 17
        }

        It 'syncs every bucket the key can list with Get-CarbonDataSource | Sync-CarbonItem' -Skip:([bool]$seedingProblem) {
            $first = New-TestBucket -Account $account -Purpose 'sync-all'
            $second = New-TestBucket -Account $account -Purpose 'sync-all'
            Write-TestObject -Account $account -Bucket $first -Key 'first.txt' -Content '1'
            Write-TestObject -Account $account -Bucket $second -Key 'second.txt' -Content '2'
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $result = @(Get-CarbonDataSource -StorePath $store | Sync-CarbonItem -StorePath $store)

            $result | Should -HaveCount 1
            $result[0].DataSourceId | Should -Be $ds.Id
            $result[0].Bucket | Should -BeNullOrEmpty
            $result[0].Buckets | Should -BeGreaterOrEqual 2
            $buckets = @(Get-CarbonItem -DataSourceId $ds.Id -Kind Bucket -StorePath $store).Bucket
            $buckets | Should -Contain $first
            $buckets | Should -Contain $second
            (Get-CarbonItem -DataSourceId $ds.Id -Bucket $second -Kind File -StorePath $store).Key | Should -BeExactly 'second.txt'
            (Get-CarbonDataSource -Id $ds.Id -StorePath $store).ItemsSyncedAt | Should -Not -BeNullOrEmpty
        }

        It 'removes a bucket that is gone, with its objects, when syncing every bucket' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-gone'
            Write-TestObject -Account $account -Bucket $bucket -Key 'a.txt' -Content 'a'
            Write-TestObject -Account $account -Bucket $bucket -Key 'b.txt' -Content 'b'
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Sync-CarbonItem -DataSourceId $ds.Id -StorePath $store
            Remove-TestBucket -Account $account -Bucket $bucket

            $result = Sync-CarbonItem -DataSourceId $ds.Id -StorePath $store

            $result.Removed | Should -BeGreaterOrEqual 3 -Because 'the bucket item and its two objects are gone'
            Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store | Should -BeNullOrEmpty
        }

        It 'binds ids by property name through the Id alias' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-alias'
            Write-TestObject -Account $account -Bucket $bucket -Key 'x.txt' -Content 'x'
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $result = [pscustomobject]@{ Id = $ds.Id } | Sync-CarbonItem -Bucket $bucket -StorePath $store

            $result.DataSourceId | Should -Be $ds.Id
            $result.Objects | Should -Be 1
        }

        It 'shows a result in its default table view' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'view'
            Write-TestObject -Account $account -Bucket $bucket -Key 'x.txt' -Content 'x'
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $table = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'Duration'
            $table | Should -Match ([regex]::Escape($bucket))
        }

        It 'loads and saves nothing with -WhatIf' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-whatif'
            Write-TestObject -Account $account -Bucket $bucket -Key 'x.txt' -Content 'x'
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $result = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -WhatIf

            $result | Should -BeNullOrEmpty
            Get-CarbonItem -DataSourceId $ds.Id -StorePath $store | Should -BeNullOrEmpty
            (Get-CarbonDataSource -Id $ds.Id -StorePath $store).ItemsSyncedAt | Should -BeNullOrEmpty
        }

        It 'reports a bucket that does not exist (BucketNotFound), saves nothing for it, and goes on' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'sync-exists'
            Write-TestObject -Account $account -Bucket $bucket -Key 'x.txt' -Content 'x'
            $missing = 'missing-' + [guid]::NewGuid().ToString('N').Substring(0, 16)
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $results = @(Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket, $missing -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $results | Should -HaveCount 1
            $results[0].Bucket | Should -BeExactly $bucket
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.BucketNotFound,CarbonSpaces.Commands.SyncCarbonItemCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($missing))
            Get-CarbonItem -DataSourceId $ds.Id -Bucket $missing -StorePath $store | Should -BeNullOrEmpty
        }

        It 'leaves the data source as it was when the bucket asked for does not exist (a typo is not a failed sync)' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $missing = 'missing-' + [guid]::NewGuid().ToString('N').Substring(0, 16)

            Sync-CarbonItem -DataSourceId $ds.Id -Bucket $missing -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.BucketNotFound,*'
            $source = Get-CarbonDataSource -Id $ds.Id -StorePath $store
            $source.SyncStatus | Should -BeExactly 'READY'
            $source.SyncErrorMessage | Should -BeNullOrEmpty
        }

        It 'reads an Environment key at each run, and says so when it is gone (CredentialUnavailable)' {
            $env:AWS_ACCESS_KEY_ID = $account.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $account.SecretKey
            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -StorePath $store -ErrorAction Stop
            $env:AWS_ACCESS_KEY_ID = $null
            $env:AWS_SECRET_ACCESS_KEY = $null

            $result = Sync-CarbonItem -DataSourceId $ds.Id -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.CredentialUnavailable,CarbonSpaces.Commands.SyncCarbonItemCommand'
            $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err[0].Exception.Message | Should -Match 'AWS_ACCESS_KEY_ID'
        }
    }

    Context 'through a network that cuts answers off' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestFaultProxy.psm1') -Force
            # An account of its own: syncing every bucket sees only the buckets made here.
            $account = New-TestS3Account
            $faulty = New-TestFaultProxy -Account $account
            $proxy = $faulty.Proxy
        }

        AfterAll {
            $proxy.Dispose()
            Remove-TestBucket
        }

        It 'reports a bucket whose listing is cut off on every attempt (EndpointUnreachable), keeps nothing partial of it, and syncs the other buckets' {
            $broken = New-TestBucket -Account $account -Purpose 'sync-cut'
            $healthy = New-TestBucket -Account $account -Purpose 'sync-whole'
            Write-TestObject -Account $account -Bucket $broken -Key 'a.txt' -Content 'in the bucket whose listing breaks off'
            Write-TestObject -Account $account -Bucket $healthy -Key 'b.txt' -Content 'in the healthy bucket'
            $ds = Connect-TestDataSource -Account $faulty.Account -StorePath $store
            $proxy.FailEveryAttempt('CutBody', 'ListObjectsV2', $broken)

            $result = Sync-CarbonItem -DataSourceId $ds.Id -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $result.Buckets | Should -Be 2
            $result.FailedBuckets | Should -Be 1
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.EndpointUnreachable,CarbonSpaces.Commands.SyncCarbonItemCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].TargetObject | Should -BeExactly "bucket '$broken'"
            $err[0].Exception.Message | Should -BeLikeExactly "$($faulty.Name) dropped the connection for bucket '$broken' before the answer was complete, again after several retries. Check the endpoint name and port, *"
            $proxy.Injected('CutBody') | Should -BeGreaterThan 1 -Because 'the listing was sent again before it was given up'
            Get-CarbonItem -DataSourceId $ds.Id -Bucket $broken -Kind File -StorePath $store | Should -BeNullOrEmpty
            (Get-CarbonItem -DataSourceId $ds.Id -Bucket $healthy -Kind File -StorePath $store).Key | Should -BeExactly 'b.txt'
        }
    }
}
