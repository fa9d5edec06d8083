BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Search-CarbonChunk: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Search-CarbonChunk' {
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
        It 'is exported by the module and declares CarbonSpaces.SearchResult as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Search-CarbonChunk

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.SearchResult'
        }

        It 'takes the query from the pipeline and filters by tag, file and data source' {
            $parameters = (Get-Command -Name Search-CarbonChunk).Parameters

            $parameters['Query'].ParameterSets.Values.ValueFromPipeline | Should -Contain $true
            $parameters['Query'].ParameterSets.Values.IsMandatory | Should -Contain $true
            foreach ($name in 'Top', 'Mode', 'SemanticWeight', 'Tag', 'FileId', 'DataSourceId') {
                $parameters.Keys | Should -Contain $name
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Search-CarbonChunk -Examples

            $help.Synopsis | Should -Match 'query'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Search-CarbonChunk | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.SearchResult' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.SearchResult'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'Rank', 'Score', 'Name', 'Page', 'ChunkIndex', 'Content') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'finds nothing, and writes no error, in an empty store' {
            Search-CarbonChunk -Query 'anything at all' -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'refuses a -Top of <Value> in parameter validation' -ForEach @(
            @{ Value = 0 }
            @{ Value = 1001 }
        ) {
            { Search-CarbonChunk -Query 'x' -Top $Value -StorePath $store } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CarbonSpaces.Commands.SearchCarbonChunkCommand'
        }

        It 'finds nothing with -Mode <Mode> in an empty store, and writes no error' -ForEach @(
            @{ Mode = 'Vector' }
            @{ Mode = 'Hybrid' }
        ) {
            Search-CarbonChunk -Query 'x' -Mode $Mode -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }
    }

    Context 'over synced files' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'search'
            $hr = [ordered]@{
                'hr/leave.txt'  = 'Parental leave policy: employees get sixteen weeks of paid parental leave.'
                'hr/quoted.txt' = 'A quoted price minus the discount is near the list price.'
            }
            $itDocs = [ordered]@{
                'it/vpn.txt'      = 'To set up the VPN, install the client and sign in with your badge.'
                'it/annual.txt'   = 'Annual leave requests for the IT team go through the service desk.'
                'it/project.txt'  = 'Résumé of the migration project, written by the platform team.'
            }
            foreach ($set in $hr, $itDocs) {
                foreach ($key in $set.Keys) {
                    Write-TestObject -Account $account -Bucket $bucket -Key $key -Content $set[$key]
                }
            }

            # Set up once; each test gets a copy of its own (BeforeEach).
            $template = New-TestStorePath
            $ds = Connect-TestDataSource -Account $account -StorePath $template
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'hr/' -Tag @{ team = 'hr' } -StorePath $template -ErrorAction Stop
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'it/' -Tag @{ team = 'it' } -StorePath $template -ErrorAction Stop
        }

        AfterAll {
            Remove-TestBucket
            Remove-TestStorePath -Path $template
        }

        BeforeEach {
            Copy-TestStoreTemplate -Template $template -StorePath $store
        }

        It 'ranks the chunks that hold more of the words first, and says where each came from' {
            $results = @(Search-CarbonChunk -Mode Keyword -Query 'parental leave policy' -StorePath $store)

            $results.Count | Should -BeGreaterOrEqual 2
            $best = $results[0]
            $best.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.SearchResult'
            $best.Rank | Should -Be 1
            $best.Key | Should -BeExactly 'hr/leave.txt'
            $best.Name | Should -BeExactly 'leave.txt'
            $best.Bucket | Should -BeExactly $bucket
            $best.FileId | Should -Be (Get-CarbonFile -Key 'hr/leave.txt' -StorePath $store).Id
            $best.ChunkIndex | Should -Be 0
            $best.Page | Should -BeNullOrEmpty
            $best.Content | Should -Match 'sixteen weeks'
            $best.Tags['team'] | Should -BeExactly 'hr'
            $best.DataSourceMetadata | Should -BeExactly 'S3'
            $best.FileMetadata | Should -BeExactly 'S3 File'
            $results.Key | Should -Contain 'it/annual.txt'
            for ($i = 0; $i -lt $results.Count; $i++) {
                $results[$i].Rank | Should -Be ($i + 1)
                if ($i -gt 0) {
                    $results[$i].Score | Should -BeLessOrEqual $results[$i - 1].Score
                }
            }
        }

        It 'returns at most -Top chunks' {
            $results = @(Search-CarbonChunk -Mode Keyword -Query 'leave team' -Top 1 -StorePath $store)

            $results | Should -HaveCount 1
            $results[0].Rank | Should -Be 1
        }

        It 'searches only the files carrying every -Tag pair' {
            $results = @(Search-CarbonChunk -Mode Keyword -Query 'leave' -Tag @{ team = 'hr' } -StorePath $store)

            $results | Should -HaveCount 1
            $results[0].Key | Should -BeExactly 'hr/leave.txt'
            Search-CarbonChunk -Mode Keyword -Query 'leave' -Tag @{ team = 'hr'; lang = 'en' } -StorePath $store | Should -BeNullOrEmpty
        }

        It 'searches only the given files and data sources' {
            $vpn = Get-CarbonFile -Key 'it/vpn.txt' -StorePath $store

            @(Search-CarbonChunk -Mode Keyword -Query 'the' -FileId $vpn.Id -StorePath $store).Key | Should -BeExactly 'it/vpn.txt'
            @(Search-CarbonChunk -Mode Keyword -Query 'leave' -DataSourceId $ds.Id -StorePath $store) | Should -HaveCount 2
            Search-CarbonChunk -Mode Keyword -Query 'leave' -DataSourceId 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.SearchCarbonChunkCommand'
        }

        It 'searches quotes and operators as text, without a syntax error' {
            $results = @(Search-CarbonChunk -Mode Keyword -Query '"quoted" AND -minus * NEAR(' -StorePath $store -ErrorVariable err)

            $err | Should -HaveCount 0
            $results.Count | Should -BeGreaterOrEqual 1
            $results[0].Key | Should -BeExactly 'hr/quoted.txt'
        }

        It 'never fails for the query <Query>' -ForEach @(
            @{ Query = 'AND' }
            @{ Query = 'OR OR NOT' }
            @{ Query = '"' }
            @{ Query = '"unbalanced' }
            @{ Query = '(' }
            @{ Query = ')' }
            @{ Query = '*' }
            @{ Query = '-' }
            @{ Query = 'NEAR(leave policy, 2)' }
            @{ Query = 'content:leave' }
            @{ Query = '^leave' }
            @{ Query = "it's" }
            @{ Query = '{leave}' }
        ) {
            $null = Search-CarbonChunk -Mode Keyword -Query $Query -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 0
        }

        It 'finds nothing for a query without letters or digits' {
            Search-CarbonChunk -Mode Keyword -Query '*** -- ""' -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'matches words whatever their case and diacritics' {
            $results = @(Search-CarbonChunk -Mode Keyword -Query 'RESUME' -StorePath $store)

            $results | Should -HaveCount 1
            $results[0].Key | Should -BeExactly 'it/project.txt'
        }

        It 'searches each query piped in on its own' {
            $results = @('vpn', 'parental' | Search-CarbonChunk -Mode Keyword -Top 1 -StorePath $store)

            $results | Should -HaveCount 2
            $results[0].Key | Should -BeExactly 'it/vpn.txt'
            $results[0].Rank | Should -Be 1
            $results[1].Key | Should -BeExactly 'hr/leave.txt'
            $results[1].Rank | Should -Be 1
        }

        It 'stops finding a file once it is removed' {
            $leave = Get-CarbonFile -Key 'hr/leave.txt' -StorePath $store

            Remove-CarbonFile -Id $leave.Id -Force -StorePath $store

            @(Search-CarbonChunk -Mode Keyword -Query 'parental' -StorePath $store) | Should -HaveCount 0
        }

        It 'shows results in the default table view, with the score' {
            $table = Search-CarbonChunk -Mode Keyword -Query 'parental leave policy' -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'ChunkIndex'
            $table | Should -Match 'leave\.txt'
            $table | Should -Match '\s\d+([.,]\d+)?(E[-+]\d+)?\s'
        }
    }

    Context 'scores in the default table' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            # A word in every document of a small store weighs almost nothing in BM25 (FTS5 floors
            # its weight at 1e-6): the scores of such hits were all shown as 0.00.
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'scores'
            Write-TestObject -Account $account -Bucket $bucket -Key 'three.txt' -Content 'Budget report. The report on the report.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'two.txt' -Content 'Budget report and a second report about travel costs and hotels.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'one.txt' -Content 'Budget report with many other words about offices, desks, chairs, lamps and plants.'
        }

        AfterAll {
            Remove-TestBucket
        }

        It 'tells hits of different relevance apart, the better one with the higher score' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop

            $results = @(Search-CarbonChunk -Mode Keyword -Query 'report' -StorePath $store)
            $table = $results | Format-Table | Out-String -Width 200

            ($results.Key -join '|') | Should -BeExactly 'three.txt|two.txt|one.txt'
            $scores = @(foreach ($line in $table -split '\r?\n') {
                    if ($line -match '^\s*(\d+)\s+(\S+)\s+\S+\.txt') {
                        $Matches[2]
                    }
                })
            $scores | Should -HaveCount 3
            @($scores | Sort-Object -Unique) | Should -HaveCount 3 -Because "the table showed the scores $($scores -join ', ')"
            [double]::Parse($scores[0], [cultureinfo]::CurrentCulture) | Should -BeGreaterThan ([double]::Parse($scores[1], [cultureinfo]::CurrentCulture))
            [double]::Parse($scores[1], [cultureinfo]::CurrentCulture) | Should -BeGreaterThan ([double]::Parse($scores[2], [cultureinfo]::CurrentCulture))
        }
    }

    Context 'over one file of every family' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'families'
            $service = Start-TestTranscriptionServer -Answer @(
                @{ MaxBytes = 40000; Words = 'audio words wombatspeech' }
                @{ MaxBytes = [long]::MaxValue; Words = 'video words walrusspeech' }
            )
            $eml = "From: Ada <ada@example.com>`r`nTo: Team <team@example.com>`r`nSubject: Plans`r`nDate: Mon, 3 Feb 2025 10:30:00 +0000`r`nMIME-Version: 1.0`r`nContent-Type: text/plain; charset=utf-8`r`n`r`nThe plan mentions mailpelican once.`r`n"
            $rtf = '{\rtf1\ansi{\fonttbl{\f0 Arial;}}\f0 A letter about rtfmarmot.\par }'
            $families = [ordered]@{
                'family/notes.txt'   = @{ Bytes = [System.Text.Encoding]::UTF8.GetBytes('Plain notes about textbadger.'); Word = 'textbadger'; MediaType = 'TEXT' }
                'family/report.pdf'  = @{ Bytes = New-TestTextPdf -Text 'Annual report pdfotter'; Word = 'pdfotter'; MediaType = 'TEXT' }
                'family/receipt.png' = @{ Bytes = New-TestTextImage -Text 'Receipt imageferret'; Word = 'imageferret'; MediaType = 'IMAGE' }
                'family/call.mp3'    = @{ Bytes = New-TestRecording -Seconds 2; Word = 'wombatspeech'; MediaType = 'AUDIO' }
                'family/clip.mp4'    = @{ Bytes = New-TestRecording -Seconds 8 -Video; Word = 'walrusspeech'; MediaType = 'VIDEO' }
                'family/plans.eml'   = @{ Bytes = [System.Text.Encoding]::ASCII.GetBytes($eml); Word = 'mailpelican'; MediaType = 'TEXT' }
                'family/letter.rtf'  = @{ Bytes = [System.Text.Encoding]::ASCII.GetBytes($rtf); Word = 'rtfmarmot'; MediaType = 'TEXT' }
            }
            foreach ($key in $families.Keys) {
                Write-TestObject -Account $account -Bucket $bucket -Key $key -Bytes $families[$key].Bytes
            }
        }

        AfterAll {
            Stop-TestTranscriptionServer -Server $service
            Remove-TestBucket
        }

        BeforeEach {
            $ds = Connect-TestDataSource -Account $account -StorePath $store
            Set-CarbonTranscriptionService -Endpoint $service.Endpoint -Model 'whisper-1' -StorePath $store
            $synced = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'family/' -StorePath $store -ErrorAction Stop)
        }

        It 'makes every file READY with its media type' {
            $synced | Should -HaveCount $families.Count
            foreach ($file in $synced) {
                $file.SyncStatus | Should -BeExactly 'READY' -Because "$($file.Key): $($file.SyncErrorMessage)"
                $file.MediaType | Should -BeExactly $families[$file.Key].MediaType -Because $file.Key
                $file.Chunks | Should -BeGreaterThan 0 -Because $file.Key
            }
        }

        It 'finds <Key> by the word only it contains' -ForEach @(
            @{ Key = 'family/notes.txt' }
            @{ Key = 'family/report.pdf' }
            @{ Key = 'family/receipt.png' }
            @{ Key = 'family/call.mp3' }
            @{ Key = 'family/clip.mp4' }
            @{ Key = 'family/plans.eml' }
            @{ Key = 'family/letter.rtf' }
        ) {
            $results = @(Search-CarbonChunk -Mode Keyword -Query $families[$Key].Word -StorePath $store)

            $results | Should -HaveCount 1
            $results[0].Key | Should -BeExactly $Key
        }

        It 'fills each file''s Metadata where its format has it' {
            $files = @{}
            Get-CarbonFile -DataSourceId $ds.Id -StorePath $store | ForEach-Object { $files[$_.Key] = $_ }

            $files['family/report.pdf'].Metadata['PageCount'] | Should -Be 1
            $files['family/receipt.png'].Metadata['Width'] | Should -Be 900
            $files['family/receipt.png'].Metadata['Height'] | Should -Be 200
            $files['family/call.mp3'].Metadata['AudioCodec'] | Should -BeExactly 'mp3'
            $files['family/call.mp3'].Metadata['DurationSeconds'] | Should -BeGreaterThan 1.5
            $files['family/clip.mp4'].Metadata['VideoCodec'] | Should -BeExactly 'h264'
            $files['family/clip.mp4'].Metadata['Width'] | Should -Be 320
            $files['family/plans.eml'].Metadata['Subject'] | Should -BeExactly 'Plans'
            $files['family/plans.eml'].Metadata['From'] | Should -Match 'ada@example\.com'
        }

        It 'gives the chunks of recordings where their words are spoken' {
            $chunk = Get-CarbonFile -Key 'family/call.mp3' -StorePath $store | Get-CarbonChunk -StorePath $store

            $chunk.StartTime | Should -Be ([timespan]::FromSeconds(0.25))
            $chunk.EndTime | Should -Be ([timespan]::FromSeconds(1.5))
        }

        It 'sent each recording to the service in OpenAI''s protocol' {
            $sent = @($service.Requests.ToArray() | Select-Object -Last 2)

            $sent | Should -HaveCount 2
            foreach ($request in $sent) {
                $request.Path | Should -BeExactly '/v1/audio/transcriptions'
                $request.Model | Should -BeExactly 'whisper-1'
                $request.ResponseFormat | Should -BeExactly 'verbose_json'
                $request.HasFile | Should -BeTrue
            }
        }
    }

    Context 'a recording without a transcription service' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'untranscribed'
            Write-TestObject -Account $account -Bucket $bucket -Key 'memo.mp3' -Bytes (New-TestRecording -Seconds 2)
        }

        AfterAll {
            Remove-TestBucket
        }

        It 'is a SYNC_ERROR (TranscriptionNotConfigured) naming the cmdlet to run, with its Metadata filled' {
            $ds = Connect-TestDataSource -Account $account -StorePath $store

            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'memo.mp3' -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.TranscriptionNotConfigured,*'
            $file.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            $file.SyncErrorMessage | Should -Match 'Set-CarbonTranscriptionService'
            $file.MediaType | Should -BeExactly 'AUDIO'
            $file.Metadata['AudioCodec'] | Should -BeExactly 'mp3'
        }
    }
    Context 'by meaning, with the local embedding model' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'meaning'
            Write-TestObject -Account $account -Bucket $bucket -Key 'it/login.txt' -Content 'To change a forgotten login credential, open the account portal and choose the recovery option.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'finance/order.txt' -Content 'Purchase order ZX-4471 covers twelve ergonomic chairs for the Lisbon office.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'kitchen/coffee.txt' -Content 'The espresso machine on the third floor is descaled every Friday.'
        }

        AfterAll {
            Remove-TestBucket
        }

        BeforeEach {
            $ds = Connect-TestDataSource -Account $account -StorePath $store
        }

        It 'embeds every chunk on sync with no configuration, and finds a paraphrase that shares no word with it' {
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop)

            $files | Should -HaveCount 3
            foreach ($file in $files) {
                $file.Embeddings | Should -Be $file.Chunks
                $file.EmbeddingModel | Should -BeExactly 'Local/snowflake-arctic-embed-xs'
            }
            Search-CarbonChunk -Query 'reset password' -Mode Keyword -StorePath $store | Should -BeNullOrEmpty
            $best = @(Search-CarbonChunk -Query 'reset password' -Mode Vector -StorePath $store)[0]
            $best.Key | Should -BeExactly 'it/login.txt'
            $best.Mode | Should -BeExactly 'Vector'
            $best.Score | Should -BeGreaterThan 0
        }

        It 'searches in Hybrid mode by default once vectors exist, finding words and meaning alike' {
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $store -ErrorAction Stop

            $byMeaning = @(Search-CarbonChunk -Query 'reset password' -StorePath $store)
            $byWords = @(Search-CarbonChunk -Query 'ZX-4471' -StorePath $store)

            $byMeaning[0].Key | Should -BeExactly 'it/login.txt'
            $byWords[0].Key | Should -BeExactly 'finance/order.txt'
            $byMeaning[0].Mode | Should -BeExactly 'Hybrid'
            Search-CarbonChunk -Query 'reset password' -SemanticWeight 0 -StorePath $store | Should -BeNullOrEmpty -Because 'weight 0 ranks by words alone'
            @(Search-CarbonChunk -Query 'ZX-4471' -SemanticWeight 1 -StorePath $store).Mode | Should -Not -Contain 'Keyword'
        }

        It 'reports NoEmbeddings for -Mode Vector when the files were synced with -SkipEmbeddingGeneration, and embeds them on -ForceEmbeddingGeneration' {
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -SkipEmbeddingGeneration -StorePath $store -ErrorAction Stop)
            foreach ($file in $files) {
                $file.Embeddings | Should -Be 0
                $file.EmbeddingModel | Should -BeNullOrEmpty
            }

            $null = Search-CarbonChunk -Query 'reset password' -Mode Vector -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.NoEmbeddings,CarbonSpaces.Commands.SearchCarbonChunkCommand'
            (Search-CarbonChunk -Query 'ZX-4471' -StorePath $store)[0].Mode | Should -BeExactly 'Keyword'

            $resynced = @(Get-CarbonFile -StorePath $store | Invoke-CarbonResync -ForceEmbeddingGeneration -StorePath $store)

            $resynced | ForEach-Object { $_.Embeddings | Should -Be $_.Chunks }
            @(Search-CarbonChunk -Query 'reset password' -Mode Vector -StorePath $store)[0].Key | Should -BeExactly 'it/login.txt'
        }
    }
}
