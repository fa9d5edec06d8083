BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Invoke-CarbonResync: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Invoke-CarbonResync' {
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
        It 'is exported by the module and declares CarbonSpaces.File as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Invoke-CarbonResync

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.File'
        }

        It 'binds -FileId, alias Id, from the pipeline by property name, and supports -WhatIf' {
            $parameters = (Get-Command -Name Invoke-CarbonResync).Parameters

            $parameters['FileId'].Aliases | Should -Contain 'Id'
            $parameters['FileId'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            foreach ($name in 'ChunkSize', 'ChunkOverlap', 'Force', 'ForceEmbeddingGeneration', 'ThrottleLimit', 'WhatIf', 'Confirm') {
                $parameters.Keys | Should -Contain $name
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Invoke-CarbonResync -Examples

            $help.Synopsis | Should -Match 'changed'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Invoke-CarbonResync | Should -BeNullOrEmpty
        }
    }

    Context 'without an S3 server' {
        It 'reports a file id that is not in the store (FileNotFound) without stopping' {
            $files = Invoke-CarbonResync -Id 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $files | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 424242
        }

        It 'stops with InvalidChunkOverlap when -ChunkOverlap is not smaller than -ChunkSize' {
            { Invoke-CarbonResync -Id 1 -ChunkSize 50 -ChunkOverlap 50 -StorePath $store } |
                Should -Throw -ErrorId 'CarbonSpaces.InvalidChunkOverlap,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
        }

        AfterAll {
            Remove-TestBucket
        }

        BeforeEach {
            # Every test changes objects, so each has a bucket of its own.
            $bucket = New-TestBucket -Account $account -Purpose 'resync'
            Write-TestObject -Account $account -Bucket $bucket -Key 'policy.txt' -Content "The old travel policy allows economy flights only.`n"
            Write-TestObject -Account $account -Bucket $bucket -Key 'keep.txt' -Content "Nothing changes here.`n"
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $synced = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop)
            $policy = $synced | Where-Object Key -EQ 'policy.txt'
            $keep = $synced | Where-Object Key -EQ 'keep.txt'
        }

        It 'leaves files whose object is unchanged as they were: READY, same chunks, same LastSyncedAt' {
            $files = @(Get-CarbonFile -StorePath $store | Invoke-CarbonResync -StorePath $store -ErrorVariable err)

            $err | Should -HaveCount 0
            $files | Should -HaveCount 2
            foreach ($file in $files) {
                $before = $synced | Where-Object Id -EQ $file.Id
                $file.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.File'
                $file.SyncStatus | Should -BeExactly 'READY'
                $file.LastSyncedAt | Should -Be $before.LastSyncedAt
                $file.ETag | Should -BeExactly $before.ETag
                $file.Chunks | Should -Be $before.Chunks
            }

            (Get-CarbonChunk -FileId $policy.Id -StorePath $store).Content | Should -Match 'economy'
        }

        It 'rebuilds a file whose object changed: the new text is found and the old is not' {
            Write-TestObject -Account $account -Bucket $bucket -Key 'policy.txt' -Content "The new travel policy allows business class on long flights.`n"

            $files = @(Get-CarbonFile -StorePath $store | Invoke-CarbonResync -StorePath $store)

            $files | Should -HaveCount 2
            $rebuilt = $files | Where-Object Key -EQ 'policy.txt'
            $rebuilt.Id | Should -Be $policy.Id
            $rebuilt.SyncStatus | Should -BeExactly 'READY'
            $rebuilt.ETag | Should -Not -Be $policy.ETag
            $rebuilt.Size | Should -Not -Be $policy.Size
            $rebuilt.LastSyncedAt | Should -BeGreaterThan $policy.LastSyncedAt
            ($files | Where-Object Key -EQ 'keep.txt').LastSyncedAt | Should -Be $keep.LastSyncedAt

            $found = @(Search-CarbonChunk -Mode Keyword -Query 'business' -StorePath $store)
            $found | Should -HaveCount 1
            $found[0].FileId | Should -Be $policy.Id
            Search-CarbonChunk -Mode Keyword -Query 'economy' -StorePath $store | Should -BeNullOrEmpty
            (Get-CarbonChunk -FileId $policy.Id -StorePath $store).Content | Should -Not -Match 'economy'
        }

        It 'rebuilds every file with -Force' {
            Start-Sleep -Milliseconds 20

            $files = @(Invoke-CarbonResync -Id $policy.Id, $keep.Id -Force -StorePath $store)

            $files | Should -HaveCount 2
            ($files | Where-Object Key -EQ 'policy.txt').LastSyncedAt | Should -BeGreaterThan $policy.LastSyncedAt
            ($files | Where-Object Key -EQ 'keep.txt').LastSyncedAt | Should -BeGreaterThan $keep.LastSyncedAt
        }

        It 'rebuilds with a new -ChunkSize and -ChunkOverlap, and keeps them' {
            $file = Invoke-CarbonResync -Id $policy.Id -ChunkSize 500 -ChunkOverlap 50 -Force -StorePath $store

            $file.ChunkSize | Should -Be 500
            $file.ChunkOverlap | Should -Be 50
            $file.SyncStatus | Should -BeExactly 'READY'
            $stored = Get-CarbonFile -Id $policy.Id -StorePath $store
            $stored.ChunkSize | Should -Be 500
            $stored.ChunkOverlap | Should -Be 50
            (Get-CarbonFile -Id $keep.Id -StorePath $store).ChunkSize | Should -Be 1500
        }

        It 'reports a -ChunkSize not larger than the file''s overlap (InvalidChunkOverlap) and resyncs nothing' {
            $files = Invoke-CarbonResync -Id $policy.Id -ChunkSize 10 -Force -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $files | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.InvalidChunkOverlap,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
            $stored = Get-CarbonFile -Id $policy.Id -StorePath $store
            $stored.ChunkSize | Should -Be 1500
            $stored.LastSyncedAt | Should -Be $policy.LastSyncedAt
        }

        It 'stops with InvalidChunkOverlap before contacting the source, and leaves the file alone' {
            { Invoke-CarbonResync -Id $policy.Id -ChunkSize 100 -ChunkOverlap 200 -StorePath $store } |
                Should -Throw -ErrorId 'CarbonSpaces.InvalidChunkOverlap,CarbonSpaces.Commands.InvokeCarbonResyncCommand'

            $stored = Get-CarbonFile -Id $policy.Id -StorePath $store
            $stored.ChunkSize | Should -Be 1500
            $stored.SyncStatus | Should -BeExactly 'READY'
        }

        It 'reports the ids that are not in the store and resyncs the others' {
            $files = @(Invoke-CarbonResync -Id 424242, $policy.Id -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 1
            $files[0].Id | Should -Be $policy.Id
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
            $err[0].TargetObject | Should -Be 424242
        }

        It 'marks a file whose object is gone SYNC_ERROR (ObjectNotFound) and keeps its chunks searchable' {
            Remove-TestObject -Account $account -Bucket $bucket -Key 'keep.txt'

            $file = Invoke-CarbonResync -Id $keep.Id -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $file.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            $file.SyncErrorMessage | Should -Match 'keep\.txt'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.ObjectNotFound,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            @(Get-CarbonChunk -FileId $keep.Id -StorePath $store) | Should -HaveCount 1
            (Search-CarbonChunk -Mode Keyword -Query 'nothing changes' -StorePath $store).FileId | Should -Be $keep.Id
        }

        It 'rebuilds a failed file once its object is fixed' {
            Write-TestObject -Account $account -Bucket $bucket -Key 'broken.txt' -Bytes (Get-TestBinaryContent)
            $broken = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'broken.txt' -StorePath $store -ErrorAction SilentlyContinue
            $broken.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            Write-TestObject -Account $account -Bucket $bucket -Key 'broken.txt' -Content 'Fixed at last.'

            $files = @(Get-CarbonFile -Status SYNC_ERROR -StorePath $store | Invoke-CarbonResync -StorePath $store)

            $files | Should -HaveCount 1
            $files[0].Id | Should -Be $broken.Id
            $files[0].SyncStatus | Should -BeExactly 'READY'
            $files[0].SyncErrorMessage | Should -BeNullOrEmpty
            (Get-CarbonChunk -FileId $broken.Id -StorePath $store).Content | Should -BeExactly 'Fixed at last.'
        }

        It 'reports a file whose data source was disconnected (DataSourceGone)' {
            Disconnect-CarbonSpace -Id $ds.Id -Confirm:$false -StorePath $store

            $files = Invoke-CarbonResync -Id $policy.Id -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $files | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceGone,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
            (Get-CarbonFile -Id $policy.Id -StorePath $store).SyncStatus | Should -BeExactly 'READY'
        }

        It 'changes nothing with -WhatIf, even with -Force' {
            Write-TestObject -Account $account -Bucket $bucket -Key 'policy.txt' -Content "Changed, but not resynced.`n"

            $files = Get-CarbonFile -StorePath $store | Invoke-CarbonResync -Force -WhatIf -StorePath $store

            $files | Should -BeNullOrEmpty
            $stored = Get-CarbonFile -Id $policy.Id -StorePath $store
            $stored.LastSyncedAt | Should -Be $policy.LastSyncedAt
            $stored.ETag | Should -BeExactly $policy.ETag
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

        It 'reports a file whose object cannot be checked after the retries (EndpointUnreachable), leaves it as it was, and resyncs the others' {
            $bucket = New-TestBucket -Account $account -Purpose 'resync-cut'
            Write-TestObject -Account $account -Bucket $bucket -Key 'a.txt' -Content 'Alpha document about apples.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'b.txt' -Content 'Bravo document about bananas.'
            $ds = Connect-TestDataSource -Account $faulty.Account -StorePath $store
            $synced = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop | Sort-Object -Property Key)
            $faulty.Proxy.FailEveryAttempt('ResetDuringHeaders', 'HeadObject', $bucket, 'a.txt')

            $files = @($synced | Invoke-CarbonResync -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Sort-Object -Property Key)

            ($files.Key -join '|') | Should -BeExactly 'a.txt|b.txt'
            @($files | Where-Object SyncStatus -NE 'READY') | Should -HaveCount 0 -Because 'a file that could not be checked keeps the status it had'
            $files[0].LastSyncedAt | Should -Be $synced[0].LastSyncedAt
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.EndpointUnreachable,CarbonSpaces.Commands.InvokeCarbonResyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].TargetObject | Should -BeExactly "'$bucket/a.txt'"
            $err[0].Exception.Message | Should -BeLikeExactly "$($faulty.Name) * the connection for '$bucket/a.txt'*, again after several retries. Check the endpoint name and port, *"
            $faulty.Proxy.Injected('ResetDuringHeaders') | Should -BeGreaterThan 1 -Because 'the HEAD was sent again before it was given up'
        }
    }
}
