<#
    Several PowerShell processes against one PostgreSQL store, as runbooks on several machines would be: each worker
    is a pwsh of its own (TestWorkers.psm1) that imports the staged module and runs real cmdlets against the test's own
    database. The data sources take their keys from profiles of a shared credentials file, which every process reads
    (a key given with -Credential lives in one session only).
#>
BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $problem = Get-TestSeedingProblem
    if (-not $problem) {
        $problem = Get-TestPostgresProblem
    }

    if ($problem) {
        Write-Warning "PostgreSQL store, several processes: the tests are skipped: $problem"
    }
}

Describe 'A PostgreSQL store used by several processes at once' -Skip:([bool]$problem) {
    BeforeAll {
        Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
        Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestWorkers.psm1') -Force
        Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestFaultProxy.psm1') -Force
        $null = Import-CarbonSpacesTestModule
        $modulePath = Get-CarbonSpacesTestModulePath

        function New-ObjectText {
            <# About 70 tokens: two chunks of 40, each file's own marker word in the second. #>
            param([int] $Number)

            ('Record {0:D4} of the concurrency suite. The harbour master logs each vessel that enters the port, its cargo, ' +
                'its crew and the tide at arrival. Inspectors compare these logs with customs declarations every week, and ' +
                'discrepancies go to the regional office for review. Reference code marker{0:D4}.') -f $Number
        }

        function Write-NumberedObject {
            param([psobject] $Account, [string] $Bucket, [int[]] $Number)

            foreach ($n in $Number) {
                Write-TestObject -Account $Account -Bucket $Bucket -Key ('docs/{0:D4}.txt' -f $n) -Content (New-ObjectText -Number $n)
            }
        }

        function Invoke-StoreQuery {
            <# One SQL query on the test's database through psql; its rows as lines of '|'-separated values. #>
            param([string] $Sql)

            $output = @(& psql $pg -qXAt -F '|' -v ON_ERROR_STOP=1 -c $Sql 2>&1)
            if ($LASTEXITCODE -ne 0) {
                throw "psql failed: $($output -join ' ')"
            }

            $output
        }

        function Get-StoreState {
            <#
                What the store holds, counted in SQL: files by status, files whose chunk count or chunk indexes do not
                match their chunks, unfinished files that hold chunks, FILE_READY events (all, and files with more than
                one), files without their FILE_READY event, and leases still held.
            #>
            $row = @(Invoke-StoreQuery -Sql @'
SELECT
    (SELECT count(*) FROM files),
    (SELECT count(*) FROM files WHERE sync_status = 'READY'),
    (SELECT count(*) FROM files WHERE sync_status NOT IN ('READY', 'SYNC_ERROR', 'RATE_LIMITED')),
    (SELECT count(*) FROM files WHERE sync_status IN ('SYNC_ERROR', 'RATE_LIMITED')),
    (SELECT count(*) FROM chunks),
    (SELECT count(*) FROM files f WHERE f.sync_status = 'READY' AND (
        f.chunks <> (SELECT count(*) FROM chunks c WHERE c.file_id = f.id)
        OR f.chunks <> (SELECT coalesce(max(c.chunk_index) + 1, 0) FROM chunks c WHERE c.file_id = f.id))),
    (SELECT count(*) FROM files f WHERE f.sync_status <> 'READY' AND EXISTS (SELECT 1 FROM chunks c WHERE c.file_id = f.id)),
    (SELECT count(*) FROM events WHERE type = 'FILE_READY'),
    (SELECT count(*) FROM (SELECT file_id FROM events WHERE type = 'FILE_READY' GROUP BY file_id HAVING count(*) > 1) twice),
    (SELECT count(*) FROM files f WHERE f.sync_status = 'READY' AND NOT EXISTS (SELECT 1 FROM events e WHERE e.type = 'FILE_READY' AND e.file_id = f.id)),
    (SELECT count(*) FROM data_sources WHERE lease_owner IS NOT NULL);
'@)
            $values = @($row[0].Split('|') | ForEach-Object { [long]$_ })
            [pscustomobject]@{
                Files               = $values[0]
                Ready               = $values[1]
                Unfinished          = $values[2]
                Failed              = $values[3]
                Chunks              = $values[4]
                ChunkCountsWrong    = $values[5]
                UnfinishedWithChunks = $values[6]
                ReadyEvents         = $values[7]
                FilesBuiltTwice     = $values[8]
                ReadyWithoutEvent   = $values[9]
                LeasesHeld          = $values[10]
            }
        }

        function Assert-StoreConsistent {
            <# Every file's chunks are there once (count and indexes), unfinished files hold none, every ready file has its event. #>
            param([psobject] $State)

            $State.ChunkCountsWrong | Should -Be 0 -Because 'every ready file holds its chunks once, indexed 0..n-1'
            $State.UnfinishedWithChunks | Should -Be 0 -Because 'a file never built has no chunks'
            $State.ReadyWithoutEvent | Should -Be 0 -Because 'a file becomes ready with its FILE_READY event, in one transaction'
        }

        function Wait-ReadyFiles {
            <# Polls the store until at least -Minimum files are READY (the worker is writing), or the worker ended. #>
            param([psobject] $Worker, [int] $Minimum)

            $waited = [System.Diagnostics.Stopwatch]::StartNew()
            while ($waited.Elapsed.TotalSeconds -lt 60 -and -not $Worker.Process.HasExited) {
                $ready = [long]@(Invoke-StoreQuery -Sql "SELECT count(*) FROM files WHERE sync_status = 'READY';")[0]
                if ($ready -ge $Minimum) {
                    return $ready
                }

                Start-Sleep -Milliseconds 25
            }

            throw "The worker did not make $Minimum file(s) ready (it ended: $($Worker.Process.HasExited)): $(Get-TestWorkerLog -Worker $Worker)"
        }

        # Two S3 users of their own, each a data source of its own (one per endpoint and key) in every store.
        $alpha = New-TestS3Account
        $bravo = New-TestS3Account
        $twoKeys = $alpha.AccessKey -ne $bravo.AccessKey
        # The runs a test interrupts go to alpha through a far network, one file at a time: slow enough that the test
        # sees them writing and stops them long before the end (on the server itself they finish in a second).
        $far = New-TestLatencyProxy -Account $alpha -RoundTrip ([timespan]::FromMilliseconds(30))
        $alphaBucket = New-TestBucket -Account $alpha -Purpose 'pgconc-alpha'
        $bravoBucket = New-TestBucket -Account $bravo -Purpose 'pgconc-bravo'
        $alphaCount = 100
        $bravoCount = 60
        Write-NumberedObject -Account $alpha -Bucket $alphaBucket -Number (1..$alphaCount)
        Write-NumberedObject -Account $bravo -Bucket $bravoBucket -Number (1..$bravoCount)

        $credentialsFolder = Split-Path -Parent (New-TestStorePath)
        $credentialsFile = Join-Path -Path $credentialsFolder -ChildPath 'credentials'
        $configFile = Join-Path -Path $credentialsFolder -ChildPath 'config'
        Set-Content -LiteralPath $credentialsFile -Value @(
            '[alpha]'
            "aws_access_key_id = $($alpha.AccessKey)"
            "aws_secret_access_key = $($alpha.SecretKey)"
            '[bravo]'
            "aws_access_key_id = $($bravo.AccessKey)"
            "aws_secret_access_key = $($bravo.SecretKey)"
        )
        Set-Content -LiteralPath $configFile -Value ''

        $fileSync = {
            param([string] $Store, [long] $DataSourceId, [string] $Bucket, [int] $ThrottleLimit = 16)
            Start-CarbonFileSync -DataSourceId $DataSourceId -Bucket $Bucket -ChunkSize 40 -ChunkOverlap 0 -SkipEmbeddingGeneration -ThrottleLimit $ThrottleLimit -StorePath $Store |
                Select-Object -Property Id, DataSourceId, Bucket, Key, SyncStatus, Chunks
        }

        $autoSync = {
            param([string] $Store, [string] $CustomerId, [int] $ThrottleLimit = 16)
            Invoke-CarbonAutoSync -CustomerId $CustomerId -ThrottleLimit $ThrottleLimit -StorePath $Store |
                Select-Object -Property CustomerId, DataSourceId, ItemsAdded, FilesSynced, FilesResynced, FilesRemoved, Errors
        }
    }

    AfterAll {
        $far.Proxy.Dispose()
        Remove-TestBucket
        Remove-TestStorePath -Path (Join-Path -Path $credentialsFolder -ChildPath 'carbon.db')
    }

    BeforeEach {
        $savedEnvironment = Clear-TestEnvironment
        # Inherited by the workers: their data sources read the keys from these profiles.
        $env:AWS_SHARED_CREDENTIALS_FILE = $credentialsFile
        $env:AWS_CONFIG_FILE = $configFile
        $pg = New-TestPostgresStore
        $folder = New-TestWorkerFolder
        $workers = @()
    }

    AfterEach {
        Remove-TestWorkerFolder -Folder $folder -Worker $workers
        Restore-TestEnvironment -Saved $savedEnvironment
        Remove-TestPostgresStore -Uri $pg
    }

    It 'two processes syncing the same data source at once make each object one ready file, its chunks stored once' {
        $ds = Connect-CarbonSpace -Endpoint $alpha.Endpoint -Region $alpha.Region -ProfileName 'alpha' -StorePath $pg -ErrorAction Stop
        $arguments = @{ Store = $pg; DataSourceId = $ds.Id; Bucket = $alphaBucket }
        $workers = @(
            Start-TestWorker -Folder $folder -Name 'first' -ScriptBlock $fileSync -ArgumentList $arguments -ModulePath $modulePath
            Start-TestWorker -Folder $folder -Name 'second' -ScriptBlock $fileSync -ArgumentList $arguments -ModulePath $modulePath
        )

        Start-TestWorkerRace -Worker $workers
        $results = @($workers | ForEach-Object { Wait-TestWorker -Worker $_ })

        foreach ($result in $results) {
            $result.Errors | Should -HaveCount 0 -Because "worker '$($result.Name)' wrote no error ($(@($result.Errors.Message) -join '; '))"
            $result.Completed | Should -BeTrue
            $result.Output | Should -HaveCount $alphaCount -Because "worker '$($result.Name)' reports every object of the bucket"
            # A file this worker built may already be queued again by the other one, whose listing saw it before it was ready.
            @($result.Output | Where-Object SyncStatus -NotIn 'READY', 'QUEUED_FOR_SYNC', 'SYNCING') | Should -HaveCount 0
        }

        (Compare-Object -ReferenceObject @($results[0].Output.Id | Sort-Object) -DifferenceObject @($results[1].Output.Id | Sort-Object)) |
            Should -BeNullOrEmpty -Because 'both processes name the same file for each object'
        $state = Get-StoreState
        $state.Files | Should -Be $alphaCount
        $state.Ready | Should -Be $alphaCount
        $state.Chunks | Should -Be ($alphaCount * 2)
        Assert-StoreConsistent -State $state
        @(Get-CarbonFile -DataSourceId $ds.Id -StorePath $pg) | Should -HaveCount $alphaCount
        foreach ($n in 1, 60, $alphaCount) {
            $hits = @(Search-CarbonChunk -Query ('marker{0:D4}' -f $n) -Mode Keyword -Top 10 -StorePath $pg)
            $hits | Should -HaveCount 1 -Because "the chunk holding marker $n is stored once"
            $hits[0].Key | Should -BeExactly ('docs/{0:D4}.txt' -f $n)
        }
    }

    It 'two processes syncing different data sources at once both finish, each with its own files' {
        if (-not $twoKeys) {
            Set-ItResult -Skipped -Because 'needs a second access key, and radosgw-admin or CARBONSPACES_TEST_RGW_CONF is not available to create it'
            return
        }

        $alphaSource = Connect-CarbonSpace -Endpoint $alpha.Endpoint -Region $alpha.Region -ProfileName 'alpha' -StorePath $pg -ErrorAction Stop
        $bravoSource = Connect-CarbonSpace -Endpoint $bravo.Endpoint -Region $bravo.Region -ProfileName 'bravo' -StorePath $pg -ErrorAction Stop
        $workers = @(
            Start-TestWorker -Folder $folder -Name 'alpha' -ScriptBlock $fileSync -ArgumentList @{ Store = $pg; DataSourceId = $alphaSource.Id; Bucket = $alphaBucket } -ModulePath $modulePath
            Start-TestWorker -Folder $folder -Name 'bravo' -ScriptBlock $fileSync -ArgumentList @{ Store = $pg; DataSourceId = $bravoSource.Id; Bucket = $bravoBucket } -ModulePath $modulePath
        )

        Start-TestWorkerRace -Worker $workers
        $alphaRun = Wait-TestWorker -Worker $workers[0]
        $bravoRun = Wait-TestWorker -Worker $workers[1]

        foreach ($result in $alphaRun, $bravoRun) {
            $result.Errors | Should -HaveCount 0 -Because "worker '$($result.Name)' wrote no error ($(@($result.Errors.Message) -join '; '))"
            $result.Completed | Should -BeTrue
            @($result.Output | Where-Object SyncStatus -NE 'READY') | Should -HaveCount 0
        }

        $alphaRun.Output | Should -HaveCount $alphaCount
        $bravoRun.Output | Should -HaveCount $bravoCount
        ($alphaRun.Output.DataSourceId | Sort-Object -Unique) | Should -Be $alphaSource.Id
        ($bravoRun.Output.DataSourceId | Sort-Object -Unique) | Should -Be $bravoSource.Id
        [datetime]$alphaRun.Started | Should -BeLessThan ([datetime]$bravoRun.Ended) -Because 'the two syncs overlapped'
        [datetime]$bravoRun.Started | Should -BeLessThan ([datetime]$alphaRun.Ended) -Because 'the two syncs overlapped'
        $state = Get-StoreState
        $state.Files | Should -Be ($alphaCount + $bravoCount)
        $state.Ready | Should -Be ($alphaCount + $bravoCount)
        $state.ReadyEvents | Should -Be ($alphaCount + $bravoCount) -Because 'each file was built once'
        Assert-StoreConsistent -State $state
        @(Get-CarbonFile -DataSourceId $alphaSource.Id -StorePath $pg) | Should -HaveCount $alphaCount
        @(Get-CarbonFile -DataSourceId $bravoSource.Id -StorePath $pg) | Should -HaveCount $bravoCount
    }

    It 'two auto-sync runners at once process each due data source once: one run, each new file built once' {
        if (-not $twoKeys) {
            Set-ItResult -Skipped -Because 'needs a second access key, and radosgw-admin or CARBONSPACES_TEST_RGW_CONF is not available to create it'
            return
        }

        # Buckets synced whole while they held one object each: auto-sync makes files of the objects added since.
        $customer = New-TestCustomerId -Purpose 'pgconc'
        $sources = foreach ($pair in @(@{ Account = $alpha; Profile = 'alpha' }, @{ Account = $bravo; Profile = 'bravo' })) {
            $bucket = New-TestBucket -Account $pair.Account -Purpose 'pgconc-auto'
            Write-NumberedObject -Account $pair.Account -Bucket $bucket -Number 1
            $source = Connect-CarbonSpace -Endpoint $pair.Account.Endpoint -Region $pair.Account.Region -ProfileName $pair.Profile -CustomerId $customer -StorePath $pg -ErrorAction Stop
            $null = Start-CarbonFileSync -DataSourceId $source.Id -Bucket $bucket -ChunkSize 40 -ChunkOverlap 0 -SkipEmbeddingGeneration -StorePath $pg -ErrorAction Stop
            Write-NumberedObject -Account $pair.Account -Bucket $bucket -Number (2..30)
            $source
        }

        Set-CarbonAutoSync -CustomerId $customer -StorePath $pg
        $arguments = @{ Store = $pg; CustomerId = $customer }
        $workers = @(
            Start-TestWorker -Folder $folder -Name 'first' -ScriptBlock $autoSync -ArgumentList $arguments -ModulePath $modulePath
            Start-TestWorker -Folder $folder -Name 'second' -ScriptBlock $autoSync -ArgumentList $arguments -ModulePath $modulePath
        )

        Start-TestWorkerRace -Worker $workers
        $results = @($workers | ForEach-Object { Wait-TestWorker -Worker $_ })

        foreach ($result in $results) {
            $result.Errors | Should -HaveCount 0 -Because "worker '$($result.Name)' wrote no error ($(@($result.Errors.Message) -join '; '))"
            $result.Completed | Should -BeTrue
        }

        $runs = @($results.Output)
        $runs | Should -HaveCount 2 -Because 'the two runners ran two data sources between them, not four'
        foreach ($source in $sources) {
            $ran = @($runs | Where-Object DataSourceId -EQ $source.Id)
            $ran | Should -HaveCount 1 -Because "data source $($source.Id) is processed by one of the two runners"
            $ran[0].ItemsAdded | Should -BeGreaterOrEqual 29 -Because 'the items sync lists every bucket of the key'
            $ran[0].FilesSynced | Should -Be 29
            $ran[0].FilesResynced | Should -Be 0
            $ran[0].Errors | Should -Be 0
        }

        $state = Get-StoreState
        $state.Files | Should -Be 60
        $state.Ready | Should -Be 60
        $state.ReadyEvents | Should -Be 60 -Because 'no file was built by both runners'
        $state.FilesBuiltTwice | Should -Be 0
        $state.LeasesHeld | Should -Be 0 -Because 'both runners gave their leases back'
        Assert-StoreConsistent -State $state
        @(Invoke-StoreQuery -Sql "SELECT count(*) FROM events WHERE type = 'FILES_CREATED' AND message LIKE '%queued by auto-sync%';")[0] |
            Should -Be '2' -Because 'each data source queued its new objects once'
        @(Invoke-StoreQuery -Sql 'SELECT count(*) FROM data_sources WHERE auto_synced_at IS NOT NULL;')[0] | Should -Be '2'
    }

    It 'a file sync killed while it writes leaves the store consistent, and the next run finishes without building a file twice' {
        $ds = Connect-CarbonSpace -Endpoint $far.Account.Endpoint -Region $alpha.Region -ProfileName 'alpha' -StorePath $pg -ErrorAction Stop
        $arguments = @{ Store = $pg; DataSourceId = $ds.Id; Bucket = $alphaBucket; ThrottleLimit = 1 }
        $workers = @(Start-TestWorker -Folder $folder -Name 'killed' -ScriptBlock $fileSync -ArgumentList $arguments -ModulePath $modulePath)
        Start-TestWorkerRace -Worker $workers
        $null = Wait-ReadyFiles -Worker $workers[0] -Minimum 5

        Stop-TestWorker -Worker $workers[0] -Kill

        $killed = Get-StoreState
        $killed.Ready | Should -BeLessThan $alphaCount -Because 'the worker was killed before it had built every file'
        $killed.Files | Should -Be $alphaCount -Because 'the listing had queued every object'
        Assert-StoreConsistent -State $killed

        $next = @(& $fileSync -Store $pg -DataSourceId $ds.Id -Bucket $alphaBucket)

        $next | Should -HaveCount $alphaCount
        @($next | Where-Object SyncStatus -NE 'READY') | Should -HaveCount 0
        $state = Get-StoreState
        $state.Files | Should -Be $alphaCount
        $state.Ready | Should -Be $alphaCount
        $state.ReadyEvents | Should -Be $alphaCount -Because 'the files the killed run finished were not built again'
        Assert-StoreConsistent -State $state
    }

    It 'a file sync stopped with Ctrl+C stops promptly with the store consistent, and the next run finishes' {
        $ctrlCProblem = Get-TestCtrlCProblem
        if ($ctrlCProblem) {
            Set-ItResult -Skipped -Because $ctrlCProblem
            return
        }

        $ds = Connect-CarbonSpace -Endpoint $far.Account.Endpoint -Region $alpha.Region -ProfileName 'alpha' -StorePath $pg -ErrorAction Stop
        $arguments = @{ Store = $pg; DataSourceId = $ds.Id; Bucket = $alphaBucket; ThrottleLimit = 1 }
        $workers = @(Start-TestWorker -Folder $folder -Name 'stopped' -ScriptBlock $fileSync -ArgumentList $arguments -ModulePath $modulePath)
        Start-TestWorkerRace -Worker $workers
        $null = Wait-ReadyFiles -Worker $workers[0] -Minimum 5

        Stop-TestWorker -Worker $workers[0]
        $stopping = [System.Diagnostics.Stopwatch]::StartNew()
        $stopped = Wait-TestWorker -Worker $workers[0] -TimeoutSeconds 30

        $stopping.Elapsed.TotalSeconds | Should -BeLessThan 10 -Because 'Ctrl+C stops a sync promptly'
        $stopped.Completed | Should -BeFalse -Because 'Ctrl+C stopped the sync'
        $stopped.Output.Count | Should -BeLessThan $alphaCount
        $state = Get-StoreState
        $state.Ready | Should -BeLessThan $alphaCount
        Assert-StoreConsistent -State $state

        $next = @(& $fileSync -Store $pg -DataSourceId $ds.Id -Bucket $alphaBucket)

        $next | Should -HaveCount $alphaCount
        $state = Get-StoreState
        $state.Ready | Should -Be $alphaCount
        $state.ReadyEvents | Should -Be $alphaCount -Because 'the files the stopped run finished were not built again'
        Assert-StoreConsistent -State $state
    }

    It 'an auto-sync runner killed while it writes holds its data source until the lease runs out; the next run then finishes' {
        $customer = New-TestCustomerId -Purpose 'pgconc'
        $count = 60
        $bucket = New-TestBucket -Account $alpha -Purpose 'pgconc-lease'
        Write-NumberedObject -Account $alpha -Bucket $bucket -Number 1
        $ds = Connect-CarbonSpace -Endpoint $far.Account.Endpoint -Region $alpha.Region -ProfileName 'alpha' -CustomerId $customer -StorePath $pg -ErrorAction Stop
        $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -ChunkSize 40 -ChunkOverlap 0 -SkipEmbeddingGeneration -StorePath $pg -ErrorAction Stop
        Write-NumberedObject -Account $alpha -Bucket $bucket -Number (2..$count)
        Set-CarbonAutoSync -CustomerId $customer -StorePath $pg
        $workers = @(Start-TestWorker -Folder $folder -Name 'killed' -ScriptBlock $autoSync -ArgumentList @{ Store = $pg; CustomerId = $customer; ThrottleLimit = 1 } -ModulePath $modulePath)
        Start-TestWorkerRace -Worker $workers
        $null = Wait-ReadyFiles -Worker $workers[0] -Minimum 6

        Stop-TestWorker -Worker $workers[0] -Kill

        $killed = Get-StoreState
        $killed.Ready | Should -BeLessThan $count
        $killed.LeasesHeld | Should -Be 1 -Because 'a killed worker cannot give its lease back'
        Assert-StoreConsistent -State $killed

        $whileLeased = @(Invoke-CarbonAutoSync -CustomerId $customer -Force -StorePath $pg -WarningVariable leased -WarningAction SilentlyContinue)
        $whileLeased | Should -HaveCount 0 -Because 'the data source is still leased to the killed worker'
        ($leased -join ' ') | Should -Match 'being synced by another run'
        (Get-StoreState).Ready | Should -Be $killed.Ready

        # The lease's two hours pass.
        $null = Invoke-StoreQuery -Sql 'UPDATE data_sources SET lease_until = lease_until - 3 * 3600 * 1000;'
        $runs = @(Invoke-CarbonAutoSync -CustomerId $customer -StorePath $pg -ErrorVariable failures)

        $failures | Should -HaveCount 0
        $runs | Should -HaveCount 1
        $runs[0].Errors | Should -Be 0
        ($runs[0].FilesSynced + $runs[0].FilesResynced) | Should -Be ($count - $killed.Ready) -Because 'the next run builds what the killed one left'
        $state = Get-StoreState
        $state.Files | Should -Be $count
        $state.Ready | Should -Be $count
        $state.ReadyEvents | Should -Be $count -Because 'no file was built twice'
        $state.LeasesHeld | Should -Be 0
        Assert-StoreConsistent -State $state
    }
}
