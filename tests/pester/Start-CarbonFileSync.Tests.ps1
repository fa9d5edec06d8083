BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Start-CarbonFileSync: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Start-CarbonFileSync' {
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
            $command = Get-Command -Module CarbonSpaces -Name Start-CarbonFileSync

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.File'
        }

        It 'takes items from the pipeline, or a data source id with buckets, keys and prefixes' {
            $parameters = (Get-Command -Name Start-CarbonFileSync).Parameters

            $parameters['InputObject'].ParameterSets.Values.ValueFromPipeline | Should -Contain $true
            $parameters['DataSourceId'].ParameterSets.Values.IsMandatory | Should -Contain $true
            $parameters['Bucket'].Aliases | Should -Contain 'BucketName'
            $parameters['Prefix'].Aliases | Should -Contain 'KeyPrefix'
            foreach ($name in 'Key', 'Tag', 'ChunkSize', 'ChunkOverlap', 'SkipEmbeddingGeneration', 'PrependFilenameToChunks', 'MaxItemsPerChunk', 'SetPageAsBoundary', 'UseOcr', 'ThrottleLimit', 'MaxFileSizeMB', 'WhatIf', 'Confirm') {
                $parameters.Keys | Should -Contain $name
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Start-CarbonFileSync -Examples

            $help.Synopsis | Should -Match 'chunk'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Start-CarbonFileSync | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.File' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.File'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'Id', 'Name', 'SyncStatus', 'Chunks', 'Tokens', 'Size', 'Bucket', 'Key', 'UpdatedAt') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'stops with InvalidChunkOverlap when -ChunkOverlap is not smaller than -ChunkSize, before anything is queued' {
            { Start-CarbonFileSync -DataSourceId 1 -Bucket 'any' -ChunkSize 100 -ChunkOverlap 100 -StorePath $store } |
                Should -Throw -ErrorId 'CarbonSpaces.InvalidChunkOverlap,CarbonSpaces.Commands.StartCarbonFileSyncCommand'

            Get-CarbonFile -StorePath $store | Should -BeNullOrEmpty
        }

        It 'stops with InvalidTag for a tag that is not a single string value' {
            { Start-CarbonFileSync -DataSourceId 1 -Bucket 'any' -Tag @{ team = @('hr', 'it') } -StorePath $store } |
                Should -Throw -ErrorId 'CarbonSpaces.InvalidTag,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
        }

        It 'refuses a -ChunkSize of <Value> in parameter validation' -ForEach @(
            @{ Value = 0 }
            @{ Value = -5 }
        ) {
            { Start-CarbonFileSync -DataSourceId 1 -Bucket 'any' -ChunkSize $Value -StorePath $store } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
        }

        It 'reports a data source that is not in the store (DataSourceNotFound) without stopping' {
            $files = Start-CarbonFileSync -DataSourceId 424242 -Bucket 'any' -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $files | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            Get-CarbonFile -StorePath $store | Should -BeNullOrEmpty
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'filesync'
            $other = New-TestBucket -Account $account -Purpose 'filesync-other'
            $leaveText = @(
                '# Parental leave'
                ''
                'Employees get sixteen weeks of paid parental leave.'
                ''
                '## How to apply'
                ''
                'Tell your manager and HR four weeks ahead.'
                ''
            ) -join "`n"
            $objects = [ordered]@{
                'handbook/leave.md'           = $leaveText
                'handbook/benefits.txt'       = "Benefits: dental cover, a gym allowance and a cycle-to-work scheme.`n"
                'handbook/setup.exe'          = 'MZ this is not really a program'
                'reports/2026/q3/summary.txt' = "Q3 revenue grew eleven percent on strong widget sales.`n"
                'reports/2026/q4/plan.txt'    = "Q4 plan: launch the gadget line.`n"
                'hello.txt'                   = 'Hello world'
                'empty.txt'                   = ''
                'folder/'                     = ''
            }
            foreach ($key in $objects.Keys) {
                Write-TestObject -Account $account -Bucket $bucket -Key $key -Content $objects[$key]
            }

            Write-TestObject -Account $account -Bucket $bucket -Key 'handbook/blob.txt' -Bytes (Get-TestBinaryContent)
            Write-TestObject -Account $account -Bucket $other -Key 'other.txt' -Content 'Another bucket entirely.'

            # Every object of $bucket except the folder marker becomes a file.
            $allKeys = @('empty.txt', 'handbook/benefits.txt', 'handbook/blob.txt', 'handbook/leave.md', 'handbook/setup.exe', 'hello.txt', 'reports/2026/q3/summary.txt', 'reports/2026/q4/plan.txt') | Sort-Object
        }

        AfterAll {
            Remove-TestBucket
        }

        BeforeEach {
            $ds = Connect-TestDataSource -Account $account -StorePath $store
        }

        It 'syncs the objects piped from Get-CarbonItem, with their tags and chunk options, and goes on past a failure' {
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop

            $files = @(Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Prefix 'handbook/' -Name '*.md', '*.txt' -StorePath $store |
                    Start-CarbonFileSync -Tag @{ team = 'hr'; lang = 'en' } -ChunkSize 800 -ChunkOverlap 40 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 3
            (@($files.Key | Sort-Object) -join '|') | Should -BeExactly 'handbook/benefits.txt|handbook/blob.txt|handbook/leave.md'
            foreach ($file in $files) {
                $file.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.File'
                $file.DataSourceId | Should -Be $ds.Id
                $file.Bucket | Should -BeExactly $bucket
                $file.Tags['team'] | Should -BeExactly 'hr'
                $file.Tags['lang'] | Should -BeExactly 'en'
                $file.ChunkSize | Should -Be 800
                $file.ChunkOverlap | Should -Be 40
            }

            $leave = $files | Where-Object Key -EQ 'handbook/leave.md'
            $leave.SyncStatus | Should -BeExactly 'READY'
            $leave.Name | Should -BeExactly 'leave.md'
            $leave.FileFormat | Should -BeExactly 'MD'
            $leave.Chunks | Should -Be 1
            $leave.LastSyncedAt | Should -BeOfType [System.DateTimeOffset]
            ($files | Where-Object Key -EQ 'handbook/blob.txt').SyncStatus | Should -BeExactly 'SYNC_ERROR'

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.NotText,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].Exception.Message | Should -Match 'blob\.txt'

            (Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Name 'leave.md' -StorePath $store).FileId | Should -Be $leave.Id
        }

        It 'syncs a whole bucket: a file per object, READY or SYNC_ERROR with its reason, skipping folder markers' {
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            (@($files.Key | Sort-Object) -join '|') | Should -BeExactly ($allKeys -join '|')
            $failed = @($files | Where-Object SyncStatus -EQ 'SYNC_ERROR')
            (@($failed.Key | Sort-Object) -join '|') | Should -BeExactly 'handbook/blob.txt|handbook/setup.exe'
            foreach ($file in $failed) {
                $file.SyncErrorMessage | Should -Not -BeNullOrEmpty
                $file.Chunks | Should -Be 0
                $file.LastSyncedAt | Should -BeNullOrEmpty
            }

            ($files | Where-Object Key -EQ 'handbook/setup.exe').SyncErrorMessage | Should -Match 'EXE'
            @($files | Where-Object SyncStatus -EQ 'READY') | Should -HaveCount 6

            (@($err | ForEach-Object { $_.FullyQualifiedErrorId } | Sort-Object) -join '|') |
                Should -BeExactly 'CarbonSpaces.NotText,CarbonSpaces.Commands.StartCarbonFileSyncCommand|CarbonSpaces.UnsupportedFormat,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
            ($err | Where-Object { $_.FullyQualifiedErrorId -like 'CarbonSpaces.UnsupportedFormat,*' }).CategoryInfo.Category | Should -Be 'NotImplemented'
            ($err | Where-Object { $_.FullyQualifiedErrorId -like 'CarbonSpaces.UnsupportedFormat,*' }).Exception.Message | Should -Match 'setup\.exe'

            $empty = $files | Where-Object Key -EQ 'empty.txt'
            $empty.SyncStatus | Should -BeExactly 'READY'
            $empty.Chunks | Should -Be 0
            @(Get-CarbonFile -StorePath $store) | Should -HaveCount 8
        }

        It 'describes the object a file was built from and what it holds' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt' -StorePath $store

            $file | Should -HaveCount 1
            $file.Name | Should -BeExactly 'hello.txt'
            $file.Key | Should -BeExactly 'hello.txt'
            $file.ExternalId | Should -BeExactly "$bucket/hello.txt"
            $file.SyncStatus | Should -BeExactly 'READY'
            $file.SyncErrorMessage | Should -BeNullOrEmpty
            $file.FileFormat | Should -BeExactly 'TXT'
            $file.FileMetadata | Should -BeExactly 'S3 File'
            $file.DataSourceMetadata | Should -BeExactly 'S3'
            $file.Size | Should -Be 11
            $file.ETag | Should -Not -BeNullOrEmpty
            $file.SourceLastModified | Should -BeOfType [System.DateTimeOffset]
            $file.Characters | Should -Be 11
            $file.Tokens | Should -Be 2 -Because "'Hello world' is two cl100k_base tokens"
            $file.Chunks | Should -Be 1
            $file.Embeddings | Should -Be 1 -Because 'every chunk is embedded, with the local model when none is set'
            $file.EmbeddingModel | Should -BeExactly 'Local/snowflake-arctic-embed-xs'
            $file.ChunkSize | Should -Be 1500
            $file.ChunkOverlap | Should -Be 20
            $file.Tags.Count | Should -Be 0
            $file.CreatedAt | Should -BeOfType [System.DateTimeOffset]
            $file.UpdatedAt | Should -BeOfType [System.DateTimeOffset]
        }

        It 'syncs only the objects under -Prefix (alias -KeyPrefix)' {
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -KeyPrefix 'reports/2026/' -StorePath $store)

            (@($files.Key | Sort-Object) -join '|') | Should -BeExactly 'reports/2026/q3/summary.txt|reports/2026/q4/plan.txt'
            @($files | Where-Object SyncStatus -NE 'READY') | Should -HaveCount 0
            @(Get-CarbonFile -StorePath $store) | Should -HaveCount 2
        }

        It 'syncs a whole bucket piped as a bucket item' {
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop

            $files = @(Get-CarbonItem -Kind Bucket -Name $bucket -StorePath $store | Start-CarbonFileSync -StorePath $store -ErrorAction SilentlyContinue)

            (@($files.Key | Sort-Object) -join '|') | Should -BeExactly ($allKeys -join '|')
        }

        It 'keeps the same files when synced again, rebuilding nothing unchanged, and replaces their tags' {
            $first = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'reports/' -Tag @{ team = 'finance' } -StorePath $store)

            $second = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'reports/' -Tag @{ year = '2026' } -StorePath $store)

            $second | Should -HaveCount 2
            foreach ($file in $second) {
                $before = $first | Where-Object Id -EQ $file.Id
                $before | Should -Not -BeNullOrEmpty -Because 'syncing an object again keeps its file id'
                $file.SyncStatus | Should -BeExactly 'READY'
                $file.LastSyncedAt | Should -Be $before.LastSyncedAt -Because 'an unchanged object is not rebuilt'
                $file.Tags['year'] | Should -BeExactly '2026'
                $file.Tags.ContainsKey('team') | Should -BeFalse
            }

            @(Get-CarbonFile -StorePath $store) | Should -HaveCount 2
        }

        It 'makes a SYNC_ERROR file for a -Key that does not exist (ObjectNotFound)' {
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'nope.txt', 'hello.txt' -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 2
            ($files | Where-Object Key -EQ 'hello.txt').SyncStatus | Should -BeExactly 'READY'
            $missing = $files | Where-Object Key -EQ 'nope.txt'
            $missing.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            $missing.SyncErrorMessage | Should -Match 'nope\.txt'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.ObjectNotFound,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
        }

        It 'reports a bucket that does not exist (BucketNotFound), makes no file for it, and syncs the others' {
            $missing = 'missing-' + [guid]::NewGuid().ToString('N').Substring(0, 16)

            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $missing, $other -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 1
            $files[0].Key | Should -BeExactly 'other.txt'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.BucketNotFound,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($missing))
            Get-CarbonFile -Bucket $missing -StorePath $store | Should -BeNullOrEmpty
        }

        It 'stops with InvalidChunkOverlap before any file exists when items are piped in' {
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop

            { Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Kind File -StorePath $store | Start-CarbonFileSync -ChunkSize 800 -ChunkOverlap 800 -StorePath $store } |
                Should -Throw -ErrorId 'CarbonSpaces.InvalidChunkOverlap,CarbonSpaces.Commands.StartCarbonFileSyncCommand'

            Get-CarbonFile -StorePath $store | Should -BeNullOrEmpty
        }

        It 'queues and downloads nothing with -WhatIf' {
            $files = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -WhatIf

            $files | Should -BeNullOrEmpty
            Get-CarbonFile -StorePath $store | Should -BeNullOrEmpty
        }

        It 'keeps the build options with each file' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt' -SkipEmbeddingGeneration -PrependFilenameToChunks -MaxItemsPerChunk 5 -SetPageAsBoundary -StorePath $store

            $file.SkipEmbeddingGeneration | Should -BeTrue
            $file.PrependFilenameToChunks | Should -BeTrue
            $file.MaxItemsPerChunk | Should -Be 5
            $file.SetPageAsBoundary | Should -BeTrue
            $file.Embeddings | Should -Be 0
            (Get-CarbonChunk -FileId $file.Id -StorePath $store).Content | Should -BeExactly "hello.txt`nHello world"
        }

        It 'fails an object over -MaxFileSizeMB without downloading it (FileTooLarge)' {
            $large = New-TestBucket -Account $account -Purpose 'filesync-large'
            Write-TestObject -Account $account -Bucket $large -Key 'big.txt' -Content ('a' * (1MB + 1024))
            Write-TestObject -Account $account -Bucket $large -Key 'small.txt' -Content 'small'

            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $large -MaxFileSizeMB 1 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 2
            $big = $files | Where-Object Key -EQ 'big.txt'
            $big.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            $big.SyncErrorMessage | Should -Match 'MaxFileSizeMB'
            ($files | Where-Object Key -EQ 'small.txt').SyncStatus | Should -BeExactly 'READY'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileTooLarge,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        }

        It 'labels the files of a DigitalOcean Space' {
            $spaces = Connect-TestDataSource -Account $account -Provider DigitalOcean -StorePath $store

            $file = Start-CarbonFileSync -DataSourceId $spaces.Id -Bucket $bucket -Key 'hello.txt' -StorePath $store

            $file.DataSourceMetadata | Should -BeExactly 'DigitalOcean Space'
            $file.FileMetadata | Should -BeExactly 'DigitalOcean Space File'
        }

        It 'shows files in the default table view' {
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt', 'handbook/setup.exe' -StorePath $store -ErrorAction SilentlyContinue

            $table = Get-CarbonFile -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'SyncStatus'
            $table | Should -Match 'SYNC_ERROR'
            $table | Should -Match 'hello\.txt'
            $table | Should -Match '\b11 B\b'
        }
    }

    Context 'through a network that cuts answers off' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestFaultProxy.psm1') -Force
            $account = New-TestS3Account
            $faulty = New-TestFaultProxy -Account $account
            $proxy = $faulty.Proxy
        }

        AfterAll {
            $proxy.Dispose()
            Remove-TestBucket
        }

        It 'fails alone an object whose body is cut off on every attempt (EndpointUnreachable), after the retries, indexing nothing of it' {
            $bucket = New-TestBucket -Account $account -Purpose 'filesync-cut'
            Write-TestObject -Account $account -Bucket $bucket -Key 'cut.txt' -Content ('A line that never arrives whole. ' * 200)
            Write-TestObject -Account $account -Bucket $bucket -Key 'whole.txt' -Content 'A line that arrives whole.'
            $ds = Connect-TestDataSource -Account $faulty.Account -StorePath $store
            $proxy.FailEveryAttempt('CutBody', 'GetObject', $bucket, 'cut.txt')

            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $files | Should -HaveCount 2
            $cut = $files | Where-Object Key -EQ 'cut.txt'
            $cut.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            $cut.Chunks | Should -Be 0
            Get-CarbonChunk -FileId $cut.Id -StorePath $store | Should -BeNullOrEmpty
            ($files | Where-Object Key -EQ 'whole.txt').SyncStatus | Should -BeExactly 'READY'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.EndpointUnreachable,CarbonSpaces.Commands.StartCarbonFileSyncCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].TargetObject | Should -BeExactly "'$bucket/cut.txt'"
            $err[0].Exception.Message | Should -BeLikeExactly "$($faulty.Name) dropped the connection for '$bucket/cut.txt' in the middle of the answer (the body broke off after * bytes), again after several retries. Check the endpoint name and port, *"
            $cut.SyncErrorMessage | Should -BeExactly $err[0].Exception.Message
            $proxy.Injected('CutBody') | Should -Be 6 -Because 'the download was sent again five times, the default number of retries'
        }
    }
}
