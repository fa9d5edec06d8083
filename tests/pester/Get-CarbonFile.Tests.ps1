BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Get-CarbonFile: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Get-CarbonFile' {
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
            $command = Get-Command -Module CarbonSpaces -Name Get-CarbonFile

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.File'
        }

        It 'filters by id, data source, status, tag, name, bucket and key, sorts and pages' {
            $parameters = (Get-Command -Name Get-CarbonFile).Parameters

            $parameters['Id'].Aliases | Should -Contain 'FileId'
            $parameters['DataSourceId'].ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
            $parameters['Bucket'].Aliases | Should -Contain 'BucketName'
            foreach ($name in 'Status', 'Tag', 'Name', 'Key', 'OrderBy', 'Descending', 'First', 'Skip', 'IncludeTotalCount') {
                $parameters.Keys | Should -Contain $name
            }
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Get-CarbonFile -Examples

            $help.Synopsis | Should -Match 'files'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Get-CarbonFile | Should -BeNullOrEmpty
        }
    }

    Context 'without an S3 server' {
        It 'writes nothing, and no error, for a store without files' {
            $files = Get-CarbonFile -StorePath $store -ErrorVariable err

            $files | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'reports an id that is not in the store (FileNotFound), as Get-CarbonDataSource does' {
            Get-CarbonFile -Id 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.GetCarbonFileCommand'
        }

        It 'refuses a status that does not exist in parameter validation' {
            { Get-CarbonFile -Status 'DONE' -StorePath $store } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,CarbonSpaces.Commands.GetCarbonFileCommand'
        }

        It 'reports a tag that is not a single string value (InvalidTag)' {
            Get-CarbonFile -Tag @{ team = @('hr', 'it') } -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.InvalidTag,CarbonSpaces.Commands.GetCarbonFileCommand'
        }
    }

    Context 'over synced files' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'files'
            $other = New-TestBucket -Account $account -Purpose 'files-other'
            $objects = [ordered]@{
                'hr/Leave.md'        = "Leave`n`nSixteen weeks of paid parental leave.`n"
                'hr/benefits.txt'    = "Dental cover and a gym allowance.`n"
                'hr/setup.exe'       = 'MZ not a program'
                'finance/budget.csv' = "item,amount`nrent,1200`npower,300`n"
                'finance/notes.txt'  = ('Quarterly notes. ' * 40)
            }
            foreach ($key in $objects.Keys) {
                Write-TestObject -Account $account -Bucket $bucket -Key $key -Content $objects[$key]
            }

            Write-TestObject -Account $account -Bucket $other -Key 'hr/other.txt' -Content 'In another bucket.'

            # Synced once; each test gets a copy of its own (BeforeEach).
            $template = New-TestStorePath
            $ds = Connect-TestDataSource -Account $account -StorePath $template
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'hr/' -Tag @{ team = 'hr'; lang = 'en' } -StorePath $template -ErrorAction SilentlyContinue
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -Prefix 'finance/' -Tag @{ team = 'finance' } -StorePath $template -ErrorAction Stop
            $null = Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $other -StorePath $template -ErrorAction Stop
        }

        AfterAll {
            Remove-TestBucket
            Remove-TestStorePath -Path $template
        }

        BeforeEach {
            Copy-TestStoreTemplate -Template $template -StorePath $store
        }

        It 'lists every file as a CarbonSpaces.File' {
            $files = @(Get-CarbonFile -StorePath $store)

            $files | Should -HaveCount 6
            foreach ($file in $files) {
                $file.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.File'
                $file.DataSourceId | Should -Be $ds.Id
            }
        }

        It 'filters by <Case>' -ForEach @(
            @{ Case = 'status'; Filter = @{ Status = 'SYNC_ERROR' }; Expected = @('hr/setup.exe') }
            @{ Case = 'several statuses'; Filter = @{ Status = 'READY', 'SYNC_ERROR' }; Expected = @('finance/budget.csv', 'finance/notes.txt', 'hr/Leave.md', 'hr/benefits.txt', 'hr/other.txt', 'hr/setup.exe') }
            @{ Case = 'one tag'; Filter = @{ Tag = @{ team = 'hr' } }; Expected = @('hr/Leave.md', 'hr/benefits.txt', 'hr/setup.exe') }
            @{ Case = 'two tags, both of which must match'; Filter = @{ Tag = @{ team = 'finance'; lang = 'en' } }; Expected = @() }
            @{ Case = 'a tag in another case, which still matches'; Filter = @{ Tag = @{ TEAM = 'HR' } }; Expected = @('hr/Leave.md', 'hr/benefits.txt', 'hr/setup.exe') }
            @{ Case = 'a name wildcard, which is not case-sensitive'; Filter = @{ Name = 'leave.*' }; Expected = @('hr/Leave.md') }
            @{ Case = 'an exact name in another case'; Filter = @{ Name = 'BENEFITS.TXT' }; Expected = @('hr/benefits.txt') }
            @{ Case = 'several names'; Filter = @{ Name = '*.csv', 'notes*' }; Expected = @('finance/budget.csv', 'finance/notes.txt') }
            @{ Case = 'a bucket'; Filter = @{ Bucket = '<other>' }; Expected = @('hr/other.txt') }
            @{ Case = 'a key'; Filter = @{ Key = 'finance/notes.txt' }; Expected = @('finance/notes.txt') }
            @{ Case = 'a key, which is case-sensitive'; Filter = @{ Key = 'HR/LEAVE.MD' }; Expected = @() }
            @{ Case = 'a status and a tag together'; Filter = @{ Status = 'READY'; Tag = @{ team = 'hr' } }; Expected = @('hr/Leave.md', 'hr/benefits.txt') }
        ) {
            $parameters = @{} + $Filter
            if ($parameters['Bucket'] -eq '<other>') {
                $parameters['Bucket'] = $other
            }

            $keys = @(Get-CarbonFile @parameters -StorePath $store -ErrorVariable err | ForEach-Object { $_.Key })

            $err | Should -HaveCount 0
            (@($keys | Sort-Object -CaseSensitive) -join '|') | Should -BeExactly (@($Expected | Sort-Object -CaseSensitive) -join '|')
        }

        It 'finds files by id' {
            $leave = Get-CarbonFile -Key 'hr/Leave.md' -StorePath $store
            $notes = Get-CarbonFile -Key 'finance/notes.txt' -StorePath $store

            $found = @(Get-CarbonFile -Id $leave.Id, $notes.Id, 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            (@($found.Id | Sort-Object) -join '|') | Should -BeExactly (@($leave.Id, $notes.Id | Sort-Object) -join '|')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.GetCarbonFileCommand'
            (Get-CarbonFile -FileId $leave.Id -StorePath $store).Name | Should -BeExactly 'Leave.md'
        }

        It 'filters by data source, and takes DataSourceId from piped objects' {
            @(Get-CarbonFile -DataSourceId $ds.Id -StorePath $store) | Should -HaveCount 6
            Get-CarbonFile -DataSourceId 424242 -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.DataSourceNotFound,CarbonSpaces.Commands.GetCarbonFileCommand'

            $files = @(Sync-CarbonItem -DataSourceId $ds.Id -Bucket $other -StorePath $store | Get-CarbonFile -StorePath $store)

            $files | Should -HaveCount 6
        }

        It 'sorts by name, not case-sensitive' {
            $names = @(Get-CarbonFile -OrderBy Name -StorePath $store | ForEach-Object { $_.Name })

            ($names -join '|') | Should -BeExactly 'benefits.txt|budget.csv|Leave.md|notes.txt|other.txt|setup.exe'
        }

        It 'sorts by size, descending' {
            $files = @(Get-CarbonFile -OrderBy Size -Descending -StorePath $store)

            $files[0].Key | Should -BeExactly 'finance/notes.txt'
            for ($i = 1; $i -lt $files.Count; $i++) {
                $files[$i].Size | Should -BeLessOrEqual $files[$i - 1].Size
            }
        }

        It 'sorts by id' {
            $ids = @(Get-CarbonFile -OrderBy Id -StorePath $store | ForEach-Object { $_.Id })

            ($ids -join ',') | Should -BeExactly (@($ids | Sort-Object) -join ',')
            $descending = @(Get-CarbonFile -OrderBy Id -Descending -StorePath $store | ForEach-Object { $_.Id })
            ($descending -join ',') | Should -BeExactly (@($ids | Sort-Object -Descending) -join ',')
        }

        It 'pages with -First and -Skip, and writes the total count first with -IncludeTotalCount' {
            $page = @(Get-CarbonFile -OrderBy Name -Skip 2 -First 2 -StorePath $store)
            $counted = @(Get-CarbonFile -Tag @{ team = 'hr' } -First 1 -IncludeTotalCount -StorePath $store)

            ($page.Name -join '|') | Should -BeExactly 'Leave.md|notes.txt'
            $counted | Should -HaveCount 2
            [uint64]$counted[0] | Should -Be 3
            $counted[1].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.File'
        }

        It 'shows the reason a file failed' {
            $failed = Get-CarbonFile -Status SYNC_ERROR -StorePath $store

            $failed.Name | Should -BeExactly 'setup.exe'
            $failed.SyncErrorMessage | Should -Match 'setup\.exe'
            ($failed | Format-Table -Property 'Name', 'SyncErrorMessage' | Out-String -Width 300) | Should -Match 'EXE'
        }

        It 'shows the tags of a file as a hashtable that is not case-sensitive' {
            $file = Get-CarbonFile -Key 'hr/Leave.md' -StorePath $store

            $file.Tags | Should -BeOfType [hashtable]
            $file.Tags.Count | Should -Be 2
            $file.Tags['TEAM'] | Should -BeExactly 'hr'
            $file.Tags['lang'] | Should -BeExactly 'en'
        }
    }
}
