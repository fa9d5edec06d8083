BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Get-CarbonSyncEvent: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Get-CarbonSyncEvent' {
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
        It 'is exported by the module and declares CarbonSpaces.SyncEvent as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonSyncEvent

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.SyncEvent'
        }

        It 'filters by time, type, file and data source, and offers the event types as values' {
            $parameters = (Get-Command -Name Get-CarbonSyncEvent).Parameters

            $parameters['Since'].ParameterType | Should -Be ([Nullable[datetime]])
            $parameters['FileId'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameters.Keys | Should -Contain 'DataSourceId'
            $validValues = @($parameters['Type'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateSetAttribute] } | ForEach-Object { $_.ValidValues })
            foreach ($type in 'ADD', 'UPDATE', 'REVOKE', 'ITEMS_SYNCED', 'FILES_CREATED', 'FILE_READY', 'FILE_ERROR', 'FILE_DELETED') {
                $validValues | Should -Contain $type
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonSyncEvent -Examples

            $help.Synopsis | Should -Match 'event'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonSyncEvent | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.SyncEvent' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.SyncEvent'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'Id', 'At', 'Type', 'DataSourceId', 'FileId', 'Message') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'writes nothing, and no error, for a new store' {
            Get-CarbonSyncEvent -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'refuses an event type that does not exist in parameter validation' {
            { Get-CarbonSyncEvent -Type 'FILE_CHANGED' -StorePath $store } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CarbonSpaces.Commands.GetCarbonSyncEventCommand'
        }
    }

    Context 'after a file sync' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'events'
            Write-TestObject -Account $account -Bucket $bucket -Key 'hello.txt' -Content 'Hello world'
            Write-TestObject -Account $account -Bucket $bucket -Key 'setup.exe' -Content 'MZ not a program'

            # Set up once; each test gets a copy of its own (BeforeEach).
            $template = New-TestStorePath
            $ds = Connect-TestDataSource -Account $account -StorePath $template
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $template -ErrorAction SilentlyContinue)
            $hello = $files | Where-Object Key -EQ 'hello.txt'
            $setup = $files | Where-Object Key -EQ 'setup.exe'
        }

        AfterAll {
            Remove-TestBucket
            Remove-TestStorePath -Path $template
        }

        BeforeEach {
            Copy-TestStoreTemplate -Template $template -StorePath $store
        }

        It 'records the connection, the files created, and each file made ready or failed, oldest first' {
            $events = @(Get-CarbonSyncEvent -StorePath $store)

            $events | Should -HaveCount 4
            $events[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.SyncEvent'
            $events[0].Type | Should -BeExactly 'ADD'
            $events[1].Type | Should -BeExactly 'FILES_CREATED'
            $events[1].FileId | Should -BeNullOrEmpty
            $events[1].Message | Should -Match '\b2 file'
            (@($events[2..3].Type | Sort-Object) -join '|') | Should -BeExactly 'FILE_ERROR|FILE_READY'
            for ($i = 1; $i -lt $events.Count; $i++) {
                $events[$i].Id | Should -BeGreaterThan $events[$i - 1].Id
                $events[$i].At | Should -BeGreaterOrEqual $events[$i - 1].At
            }

            foreach ($entry in $events) {
                $entry.DataSourceId | Should -Be $ds.Id
                $entry.At | Should -BeOfType [System.DateTimeOffset]
                $entry.At.Offset | Should -Be ([timespan]::Zero)
            }

            $ready = $events | Where-Object Type -EQ 'FILE_READY'
            $ready.FileId | Should -Be $hello.Id
            $ready.Message | Should -Match 'hello\.txt'
            $failed = $events | Where-Object Type -EQ 'FILE_ERROR'
            $failed.FileId | Should -Be $setup.Id
            $failed.Message | Should -Match 'setup\.exe'
        }

        It 'lists the failures of the last hour with -Since and -Type' {
            $events = @(Get-CarbonSyncEvent -Since (Get-Date).AddHours(-1) -Type FILE_ERROR -StorePath $store)

            $events | Should -HaveCount 1
            $events[0].FileId | Should -Be $setup.Id
        }

        It 'writes only the events at or after -Since' {
            Start-Sleep -Milliseconds 50
            $mark = Get-Date

            Remove-CarbonFile -Id $hello.Id -Force -StorePath $store

            $events = @(Get-CarbonSyncEvent -Since $mark -StorePath $store)
            $events | Should -HaveCount 1
            $events[0].Type | Should -BeExactly 'FILE_DELETED'
            $events[0].FileId | Should -Be $hello.Id
            Get-CarbonSyncEvent -Since (Get-Date).AddMinutes(5) -StorePath $store | Should -BeNullOrEmpty
        }

        It 'filters by several types' {
            $events = @(Get-CarbonSyncEvent -Type 'FILE_READY', 'FILE_ERROR' -StorePath $store)

            $events | Should -HaveCount 2
        }

        It 'filters by file and by data source' {
            $events = @(Get-CarbonSyncEvent -FileId $setup.Id -StorePath $store)

            $events | Should -HaveCount 1
            $events[0].Type | Should -BeExactly 'FILE_ERROR'
            @(Get-CarbonSyncEvent -DataSourceId $ds.Id -StorePath $store) | Should -HaveCount 4
            Get-CarbonSyncEvent -DataSourceId 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.GetCarbonSyncEventCommand'
        }

        It 'takes FileId from piped chunks and search results' {
            $fromChunks = @(Get-CarbonChunk -FileId $hello.Id -StorePath $store | Get-CarbonSyncEvent -StorePath $store)
            $fromSearch = @(Search-CarbonChunk -Mode Keyword -Query 'hello' -StorePath $store | Get-CarbonSyncEvent -StorePath $store)

            $fromChunks | Should -HaveCount 1
            $fromChunks[0].Type | Should -BeExactly 'FILE_READY'
            $fromSearch | Should -HaveCount 1
            $fromSearch[0].FileId | Should -Be $hello.Id
        }

        It 'takes the file from piped Get-CarbonFile output' {
            $events = @(Get-CarbonFile -Key 'setup.exe' -StorePath $store | Get-CarbonSyncEvent -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $err | Should -HaveCount 0 -Because 'a file binds to -FileId by its Id, as it does for Get-CarbonChunk'
            $events | Should -HaveCount 1
            $events[0].Type | Should -BeExactly 'FILE_ERROR'
        }

        It 'records items syncs, reconnections and disconnections' {
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store
            $null = Connect-TestDataSource -Account $account -Name 'renamed' -StorePath $store
            Disconnect-CarbonSpace -Id $ds.Id -Confirm:$false -StorePath $store

            $events = @(Get-CarbonSyncEvent -Type 'ITEMS_SYNCED', 'UPDATE', 'REVOKE' -StorePath $store)

            (@($events.Type) -join '|') | Should -BeExactly 'ITEMS_SYNCED|UPDATE|REVOKE'
            foreach ($entry in $events) {
                $entry.DataSourceId | Should -Be $ds.Id
            }
        }

        It 'still shows the history of a removed file and of a disconnected data source, without an error' {
            Remove-CarbonFile -Id $hello.Id -Force -StorePath $store
            Disconnect-CarbonSpace -Id $ds.Id -Force -StorePath $store

            $fileEvents = @(Get-CarbonSyncEvent -FileId $hello.Id -StorePath $store -ErrorVariable fileErr)
            $sourceEvents = @(Get-CarbonSyncEvent -DataSourceId $ds.Id -StorePath $store -ErrorVariable sourceErr)

            $fileErr | Should -HaveCount 0
            $sourceErr | Should -HaveCount 0
            (@($fileEvents.Type) -join '|') | Should -BeExactly 'FILE_READY|FILE_DELETED'
            $sourceEvents.Type | Should -Contain 'REVOKE'
        }

        It 'shows events in the default table view' {
            $table = Get-CarbonSyncEvent -StorePath $store | Format-Table | Out-String -Width 250

            $table | Should -Match 'FILES_CREATED'
            $table | Should -Match 'FILE_ERROR'
            $table | Should -Match '\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}'
        }
    }
}
