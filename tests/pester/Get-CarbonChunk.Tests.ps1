BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Get-CarbonChunk: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Get-CarbonChunk' {
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
        It 'is exported by the module and declares CarbonSpaces.Chunk as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonChunk

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.Chunk'
        }

        It 'binds -FileId, alias Id, from the pipeline by property name' {
            $parameter = (Get-Command -Name Get-CarbonChunk).Parameters['FileId']

            $parameter.Aliases | Should -Contain 'Id'
            $parameter.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameter.ParameterSets.Values.IsMandatory | Should -Contain $true
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonChunk -Examples

            $help.Synopsis | Should -Match 'chunks'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonChunk | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.Chunk' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.Chunk'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'FileId', 'Index', 'Page', 'Tokens', 'Content') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'reports a file id that is not in the store (FileNotFound) without stopping' {
            $chunks = Get-CarbonChunk -FileId 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $chunks | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.GetCarbonChunkCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 424242
        }
    }

    Context 'over synced files' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'chunks'
            $words = @(for ($i = 1; $i -le 300; $i++) { "word$i" }) -join ' '
            $rows = @('id,name,city') + @(for ($i = 1; $i -le 10; $i++) { "$i,person$i,town$i" })
            Write-TestObject -Account $account -Bucket $bucket -Key 'hello.txt' -Content 'Hello world'
            Write-TestObject -Account $account -Bucket $bucket -Key 'lines.txt' -Content "first line`nsecond line"
            Write-TestObject -Account $account -Bucket $bucket -Key 'notes.txt' -Content ($words + "`n")
            Write-TestObject -Account $account -Bucket $bucket -Key 'people.csv' -Content (($rows -join "`n") + "`n")
            Write-TestObject -Account $account -Bucket $bucket -Key 'setup.exe' -Content 'MZ not a program'
        }

        AfterAll {
            Remove-TestBucket
        }

        BeforeEach {
            $ds = Connect-TestDataSource -Account $account -StorePath $store
        }

        It 'reads the chunks of every file piped from Get-CarbonFile, file by file and in order' {
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt', 'notes.txt' -ChunkSize 100 -ChunkOverlap 10 -StorePath $store)

            $chunks = @(Get-CarbonFile -StorePath $store | Get-CarbonChunk -StorePath $store)

            $chunks | Should -HaveCount ([int]($files | Measure-Object -Property Chunks -Sum).Sum)
            foreach ($file in $files) {
                $own = @($chunks | Where-Object FileId -EQ $file.Id)
                $own | Should -HaveCount $file.Chunks
                (@($own.Index) -join ',') | Should -BeExactly (@(0..($file.Chunks - 1)) -join ',')
            }

            $chunks[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.Chunk'
        }

        It 'writes one chunk with the whole text of a small file' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt' -StorePath $store

            $chunk = Get-CarbonChunk -FileId $file.Id -StorePath $store

            $chunk | Should -HaveCount 1
            $chunk.FileId | Should -Be $file.Id
            $chunk.Index | Should -Be 0
            $chunk.Content | Should -BeExactly 'Hello world'
            $chunk.Tokens | Should -Be 2
            $chunk.Page | Should -BeNullOrEmpty
            $chunk.StartOffset | Should -Be 0
            $chunk.EndOffset | Should -Be 11
        }

        It 'cuts a long text into chunks of at most -ChunkSize tokens that overlap and cover it all' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'notes.txt' -ChunkSize 100 -ChunkOverlap 10 -StorePath $store

            $chunks = @(Get-CarbonChunk -FileId $file.Id -StorePath $store)

            $chunks.Count | Should -BeGreaterThan 5
            $chunks.Count | Should -Be $file.Chunks
            $chunks[0].StartOffset | Should -Be 0
            $chunks[-1].EndOffset | Should -Be $file.Characters
            $chunks[0].Content | Should -Match '^word1 word2 '
            $chunks[-1].Content | Should -Match 'word300$'
            foreach ($chunk in $chunks) {
                $chunk.Tokens | Should -BeLessOrEqual 100
                $chunk.Tokens | Should -BeGreaterThan 0
            }

            for ($i = 1; $i -lt $chunks.Count; $i++) {
                $chunks[$i].StartOffset | Should -BeGreaterThan $chunks[$i - 1].StartOffset
                $chunks[$i].StartOffset | Should -BeLessThan $chunks[$i - 1].EndOffset -Because 'consecutive chunks share -ChunkOverlap tokens'
            }
        }

        It 'starts every chunk with the file name with -PrependFilenameToChunks' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'notes.txt' -ChunkSize 100 -ChunkOverlap 10 -PrependFilenameToChunks -StorePath $store

            $chunks = @(Get-CarbonChunk -FileId $file.Id -StorePath $store)

            $chunks.Count | Should -BeGreaterThan 1
            foreach ($chunk in $chunks) {
                $chunk.Content.StartsWith("notes.txt`n") | Should -BeTrue
                $chunk.Tokens | Should -BeLessOrEqual 100
            }
        }

        It 'puts at most -MaxItemsPerChunk rows in a chunk, as column: value lines' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'people.csv' -MaxItemsPerChunk 3 -StorePath $store

            $chunks = @(Get-CarbonChunk -FileId $file.Id -StorePath $store)

            $file.FileFormat | Should -BeExactly 'CSV'
            $chunks | Should -HaveCount 4
            $chunks[0].Content | Should -Match '^id: 1\nname: person1\ncity: town1'
            $chunks[0].Content | Should -Match 'id: 3'
            $chunks[0].Content | Should -Not -Match 'id: 4'
            $chunks[3].Content | Should -Match '^id: 10\n'
        }

        It 'writes nothing, and no error, for a file that failed' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'setup.exe' -StorePath $store -ErrorAction SilentlyContinue

            $file.SyncStatus | Should -BeExactly 'SYNC_ERROR'
            Get-CarbonChunk -FileId $file.Id -StorePath $store -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'reports the ids that are not in the store and reads the others' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt' -StorePath $store

            $chunks = @(Get-CarbonChunk -FileId 424242, $file.Id -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $chunks | Should -HaveCount 1
            $chunks[0].FileId | Should -Be $file.Id
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.FileNotFound,*'
        }

        It 'takes FileId from search results' {
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'hello.txt', 'notes.txt' -StorePath $store

            $chunks = @(Search-CarbonChunk -Mode Keyword -Query 'hello' -StorePath $store | Get-CarbonChunk -StorePath $store)

            $chunks | Should -HaveCount 1
            $chunks[0].Content | Should -BeExactly 'Hello world'
        }

        It 'stops reading when the pipeline has had enough' {
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'notes.txt' -ChunkSize 100 -ChunkOverlap 10 -StorePath $store

            $chunks = @(Get-CarbonFile -StorePath $store | Get-CarbonChunk -StorePath $store | Select-Object -First 3)

            $chunks | Should -HaveCount 3
            (@($chunks.Index) -join ',') | Should -BeExactly '0,1,2'
        }

        It 'shows each chunk on one line in the default table view' {
            $file = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Key 'lines.txt' -StorePath $store

            $table = Get-CarbonChunk -FileId $file.Id -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'first line second line'
        }
    }
}
