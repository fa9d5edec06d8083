BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Get-CarbonItem: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Get-CarbonItem' {
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
        It 'is exported by the module and declares CarbonSpaces.Item as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonItem

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.Item'
        }

        It 'binds DataSourceId and Bucket from the pipeline by property name, and pages' {
            $parameters = (Get-Command -Name Get-CarbonItem).Parameters

            $parameters['DataSourceId'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameters['Bucket'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameters['Prefix'].Aliases | Should -Contain 'KeyPrefix'
            $parameters.Keys | Should -Contain 'First'
            $parameters.Keys | Should -Contain 'Skip'
            $parameters.Keys | Should -Contain 'IncludeTotalCount'
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonItem -Examples

            $help.Synopsis | Should -Match 'bucket'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonItem | Should -BeNullOrEmpty
        }

        It 'has a default table view for CarbonSpaces.Item' {
            $formatData = Get-FormatData -TypeName 'CarbonSpaces.Item'

            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $labels = @($formatData.FormatViewDefinition[0].Control.Headers | ForEach-Object { $_.Label })
            foreach ($label in 'Id', 'Kind', 'Bucket', 'Key', 'Size', 'LastModified', 'FileFormat', 'FileId') {
                $labels | Should -Contain $label
            }
        }
    }

    Context 'without an S3 server' {
        It 'writes nothing, and no error, for a store without items' {
            $items = Get-CarbonItem -StorePath $store -ErrorVariable err

            $items | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }
    }

    Context 'over a synced bucket' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'items'
            $other = New-TestBucket -Account $account -Purpose 'items-other'
            $objects = [ordered]@{
                'docs/report.docx' = 'r' * 300
                'docs/summary.txt' = 's' * 40
                'docs/2024/q1.pdf' = 'q' * 2048
                'docs/2024/Q2.PDF' = 'Q' * 1500
                'images/logo.png'  = 'p' * 700
                'readme.md'        = '# readme'
                'notes'            = 'n' * 12
                'archive/'         = ''
            }
            foreach ($key in $objects.Keys) {
                Write-TestObject -Account $account -Bucket $bucket -Key $key -Content $objects[$key]
            }

            Write-TestObject -Account $account -Bucket $other -Key 'other.txt' -Content 'other'

            # Set up once; each test gets a copy of its own (BeforeEach).
            $template = New-TestStorePath
            $ds = Connect-TestDataSource -Account $account -StorePath $template
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket, $other -StorePath $template -ErrorAction Stop
        }

        AfterAll {
            Remove-TestBucket
            Remove-TestStorePath -Path $template
        }

        BeforeEach {
            Copy-TestStoreTemplate -Template $template -StorePath $store
        }

        It 'writes CarbonSpaces.Item objects that describe the object and its source' {
            $bucketItem = Get-CarbonItem -Kind Bucket -Name $bucket -StorePath $store

            $item = Get-CarbonItem -Bucket $bucket -Name 'q1.pdf' -StorePath $store

            $item | Should -HaveCount 1
            $item.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.Item'
            $item.DataSourceId | Should -Be $ds.Id
            $item.Kind | Should -BeExactly 'File'
            $item.Bucket | Should -BeExactly $bucket
            $item.Key | Should -BeExactly 'docs/2024/q1.pdf'
            $item.Name | Should -BeExactly 'q1.pdf'
            $item.ExternalId | Should -BeExactly "$bucket/docs/2024/q1.pdf"
            $item.ParentId | Should -Be $bucketItem.Id
            $item.Size | Should -Be 2048
            $item.ETag | Should -Not -BeNullOrEmpty
            $item.LastModified | Should -BeOfType [System.DateTimeOffset]
            $item.FileFormat | Should -BeExactly 'PDF'
            $item.FileMetadata | Should -BeExactly 'S3 File'
            $item.DataSourceMetadata | Should -BeExactly 'S3'
            $item.FileId | Should -BeNullOrEmpty
        }

        It 'lists buckets with -Kind Bucket' {
            $buckets = @(Get-CarbonItem -Kind Bucket -StorePath $store)

            $buckets | Should -HaveCount 2
            (@($buckets.Name | Sort-Object) -join '|') | Should -BeExactly (@($bucket, $other | Sort-Object) -join '|')
            foreach ($b in $buckets) {
                $b.Kind | Should -BeExactly 'Bucket'
                $b.Key | Should -BeExactly ''
                $b.FileMetadata | Should -BeExactly 'S3 Bucket'
                $b.ParentId | Should -BeNullOrEmpty
                $b.Size | Should -BeNullOrEmpty
            }
        }

        It 'lists objects with -Kind File, without folder markers' {
            $files = @(Get-CarbonItem -Kind File -StorePath $store)

            $files | Should -HaveCount 8
            $files.Key | Should -Not -Contain 'archive/'
            @($files | Where-Object FileMetadata -NE 'S3 File') | Should -HaveCount 0
        }

        It 'filters by <Case>' -ForEach @(
            @{ Case = 'a key prefix'; Filter = @{ Prefix = 'docs/' }; Expected = @('docs/2024/Q2.PDF', 'docs/2024/q1.pdf', 'docs/report.docx', 'docs/summary.txt') }
            @{ Case = 'a key prefix, which is case-sensitive'; Filter = @{ Prefix = 'DOCS/' }; Expected = @() }
            @{ Case = 'a name wildcard, which is not case-sensitive'; Filter = @{ Name = '*.pdf' }; Expected = @('docs/2024/Q2.PDF', 'docs/2024/q1.pdf') }
            @{ Case = 'a name with ? and a character range'; Filter = @{ Name = 'q?.[p]df' }; Expected = @('docs/2024/Q2.PDF', 'docs/2024/q1.pdf') }
            @{ Case = 'an exact name in another case'; Filter = @{ Name = 'README.MD' }; Expected = @('readme.md') }
            @{ Case = 'several names'; Filter = @{ Name = @('logo.*', 'notes') }; Expected = @('images/logo.png', 'notes') }
            @{ Case = 'a file format'; Filter = @{ FileFormat = 'pdf' }; Expected = @('docs/2024/Q2.PDF', 'docs/2024/q1.pdf') }
            @{ Case = 'a file format with a dot'; Filter = @{ FileFormat = '.PDF' }; Expected = @('docs/2024/Q2.PDF', 'docs/2024/q1.pdf') }
            @{ Case = 'several file formats'; Filter = @{ FileFormat = @('docx', 'md') }; Expected = @('docs/report.docx', 'readme.md') }
            @{ Case = 'a prefix and a name together'; Filter = @{ Prefix = 'docs/'; Name = 's*' }; Expected = @('docs/summary.txt') }
        ) {
            $keys = @(Get-CarbonItem @Filter -Bucket $bucket -StorePath $store | ForEach-Object { $_.Key })

            (@($keys | Sort-Object) -join '|') | Should -BeExactly (@($Expected | Sort-Object) -join '|')
        }

        It 'pages with -First and -Skip, in name order by default' {
            $firstPage = @(Get-CarbonItem -Bucket $bucket -Kind File -First 3 -StorePath $store)
            $secondPage = @(Get-CarbonItem -Bucket $bucket -Kind File -Skip 2 -First 2 -StorePath $store)

            ($firstPage.Name -join '|') | Should -BeExactly 'logo.png|notes|q1.pdf'
            ($secondPage.Name -join '|') | Should -BeExactly 'q1.pdf|Q2.PDF'
        }

        It 'writes the total count before the page with -IncludeTotalCount' {
            $output = @(Get-CarbonItem -Bucket $bucket -Kind File -First 2 -IncludeTotalCount -StorePath $store)

            $output | Should -HaveCount 3
            [uint64]$output[0] | Should -Be 7
            $output[1].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.Item'
        }

        It 'sorts by size, descending' {
            $files = @(Get-CarbonItem -Bucket $bucket -Kind File -OrderBy Size -Descending -StorePath $store)

            ($files.Name -join '|') | Should -BeExactly 'q1.pdf|Q2.PDF|logo.png|report.docx|summary.txt|notes|readme.md'
        }

        It 'sorts by key in byte order' {
            $files = @(Get-CarbonItem -Bucket $bucket -Kind File -OrderBy Key -StorePath $store)

            ($files.Key -join '|') | Should -BeExactly 'docs/2024/Q2.PDF|docs/2024/q1.pdf|docs/report.docx|docs/summary.txt|images/logo.png|notes|readme.md'
        }

        It 'lists the objects of a bucket item with -ParentId' {
            $bucketItem = Get-CarbonItem -Kind Bucket -Name $other -StorePath $store

            $children = @(Get-CarbonItem -ParentId $bucketItem.Id -StorePath $store)

            $children | Should -HaveCount 1
            $children[0].Key | Should -BeExactly 'other.txt'
        }

        It 'filters by data source id, and says so for a data source id that is not in the store (DataSourceNotFound)' {
            @(Get-CarbonItem -DataSourceId $ds.Id -StorePath $store) | Should -HaveCount 10
            Get-CarbonItem -DataSourceId 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.GetCarbonItemCommand'
        }

        It 'takes DataSourceId and Bucket from piped items' {
            $files = @(Get-CarbonItem -Kind Bucket -Name $other -StorePath $store | Get-CarbonItem -Kind File -StorePath $store)

            $files | Should -HaveCount 1
            $files[0].Key | Should -BeExactly 'other.txt'
        }

        It 'takes DataSourceId and Bucket from Sync-CarbonItem results' {
            $files = @(Sync-CarbonItem -DataSourceId $ds.Id -Bucket $other -StorePath $store | Get-CarbonItem -Kind File -StorePath $store)

            $files | Should -HaveCount 1
            $files[0].Key | Should -BeExactly 'other.txt'
        }

        It 'labels the items of a DigitalOcean Space' {
            $null = Connect-TestDataSource -Account $account -Provider DigitalOcean -StorePath $store

            $file = Get-CarbonItem -Bucket $other -Kind File -StorePath $store
            $bucketItem = Get-CarbonItem -Bucket $other -Kind Bucket -StorePath $store

            $file.DataSourceMetadata | Should -BeExactly 'DigitalOcean Space'
            $file.FileMetadata | Should -BeExactly 'DigitalOcean Space File'
            $bucketItem.FileMetadata | Should -BeExactly 'DigitalOcean Space Bucket'
        }

        It 'shows items in the default table view, with readable sizes' {
            $table = Get-CarbonItem -Bucket $bucket -Kind File -StorePath $store | Format-Table | Out-String -Width 200

            $table | Should -Match 'FileFormat'
            $table | Should -Match 'docs/summary\.txt'
            $table | Should -Match '2[.,]0 KB'
            $table | Should -Match '\b8 B\b'
        }
    }
}
