# Remove-CarbonFile's ConfirmImpact is High: every call here passes -Force, -Confirm:$false or -WhatIf,
# because the suite runs unattended and a confirmation prompt would wait for ever.

BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $seedingProblem = Get-TestSeedingProblem
    if ($seedingProblem) {
        Write-Warning "Remove-CarbonFile: the tests against the test S3 server are skipped: $seedingProblem"
    }
}

Describe 'Remove-CarbonFile' {
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
        It 'is exported by the module and declares CarbonSpaces.File (-PassThru) as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Remove-CarbonFile

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.File'
        }

        It 'asks for confirmation by default (ConfirmImpact High) and offers -Force, -WhatIf and -Confirm' {
            $command = Get-Command -Name Remove-CarbonFile
            $attribute = $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]

            $attribute.SupportsShouldProcess | Should -BeTrue
            $attribute.ConfirmImpact | Should -Be 'High'
            foreach ($name in 'Force', 'PassThru', 'WhatIf', 'Confirm') {
                $command.Parameters.Keys | Should -Contain $name
            }
        }

        It 'binds -FileId, alias Id, from the pipeline by property name' {
            $parameter = (Get-Command -Name Remove-CarbonFile).Parameters['FileId']

            $parameter.Aliases | Should -Contain 'Id'
            $parameter.ParameterSets.Values.ValueFromPipelineByPropertyName | Should -Contain $true
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Remove-CarbonFile -Examples

            $help.Synopsis | Should -Match 'store'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Remove-CarbonFile | Should -BeNullOrEmpty
        }
    }

    Context 'without an S3 server' {
        It 'reports an id that is not in the store (FileNotFound) without stopping' {
            Remove-CarbonFile -Id 424242 -Force -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.RemoveCarbonFileCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 424242
        }
    }

    Context 'over synced files' -Skip:([bool]$seedingProblem) {
        BeforeAll {
            $account = New-TestS3Account
            $bucket = New-TestBucket -Account $account -Purpose 'remove'
            Write-TestObject -Account $account -Bucket $bucket -Key 'alpha.txt' -Content 'Alpha is about apples.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'bravo.txt' -Content 'Bravo is about bananas.'
            Write-TestObject -Account $account -Bucket $bucket -Key 'setup.exe' -Content 'MZ not a program'
            $keys = @('alpha.txt', 'bravo.txt', 'setup.exe')

            # Set up once; each test gets a copy of its own (BeforeEach).
            $template = New-TestStorePath
            $ds = Connect-TestDataSource -Account $account -StorePath $template
            $files = @(Start-CarbonFileSync -DataSourceId $ds.Id -Bucket $bucket -StorePath $template -ErrorAction SilentlyContinue)
            $alpha = $files | Where-Object Key -EQ 'alpha.txt'
            $bravo = $files | Where-Object Key -EQ 'bravo.txt'
        }

        AfterAll {
            Remove-TestBucket
            Remove-TestStorePath -Path $template
        }

        BeforeEach {
            Copy-TestStoreTemplate -Template $template -StorePath $store
        }

        It 'leaves everything in place with Get-CarbonFile | Remove-CarbonFile -WhatIf' {
            $output = Get-CarbonFile -StorePath $store | Remove-CarbonFile -WhatIf -StorePath $store

            $output | Should -BeNullOrEmpty
            @(Get-CarbonFile -StorePath $store) | Should -HaveCount 3
            @(Get-CarbonChunk -FileId $alpha.Id -StorePath $store) | Should -HaveCount 1
            @(Get-CarbonSyncEvent -Type 'FILE_DELETED' -StorePath $store) | Should -HaveCount 0
        }

        It 'removes nothing with -WhatIf, even with -Force' {
            Get-CarbonFile -StorePath $store | Remove-CarbonFile -WhatIf -Force -StorePath $store

            @(Get-CarbonFile -StorePath $store) | Should -HaveCount 3
        }

        It 'removes every piped file with -Force, without a prompt, and writes nothing' {
            $output = Get-CarbonFile -StorePath $store | Remove-CarbonFile -Force -StorePath $store

            $output | Should -BeNullOrEmpty
            Get-CarbonFile -StorePath $store | Should -BeNullOrEmpty
        }

        It 'removes with -Confirm:$false' {
            Remove-CarbonFile -Id $alpha.Id -Confirm:$false -StorePath $store

            (@(Get-CarbonFile -StorePath $store).Key | Sort-Object) -join '|' | Should -BeExactly 'bravo.txt|setup.exe'
        }

        It 'removes a file''s chunks and index entries: search no longer finds it, and its chunks are gone' {
            Remove-CarbonFile -Id $alpha.Id -Force -StorePath $store

            Search-CarbonChunk -Mode Keyword -Query 'apples' -StorePath $store | Should -BeNullOrEmpty
            @(Search-CarbonChunk -Mode Keyword -Query 'bananas' -StorePath $store) | Should -HaveCount 1
            Get-CarbonChunk -FileId $alpha.Id -StorePath $store -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Get-CarbonFile -Id $alpha.Id -StorePath $store -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'takes the file of piped items, never the item''s own id' {
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store
            $item = Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Kind File -Name 'bravo.txt' -StorePath $store
            $item.Id | Should -Not -Be $item.FileId -Because 'items and files are numbered separately'

            $item | Remove-CarbonFile -Force -StorePath $store

            (@(Get-CarbonFile -StorePath $store).Key | Sort-Object) -join '|' | Should -BeExactly 'alpha.txt|setup.exe'
        }

        It 'never touches the objects in the bucket' {
            Get-CarbonFile -StorePath $store | Remove-CarbonFile -Force -StorePath $store

            (@(Get-TestObjectKey -Account $account -Bucket $bucket | Sort-Object) -join '|') | Should -BeExactly ($keys -join '|')
        }

        It 'clears the FileId of the object''s item' {
            $null = Sync-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -StorePath $store
            (Get-CarbonItem -Bucket $bucket -Name 'alpha.txt' -StorePath $store).FileId | Should -Be $alpha.Id

            Remove-CarbonFile -Id $alpha.Id -Force -StorePath $store

            (Get-CarbonItem -Bucket $bucket -Name 'alpha.txt' -StorePath $store).FileId | Should -BeNullOrEmpty
        }

        It 'writes each removed file as it was with -PassThru' {
            $output = @(Remove-CarbonFile -Id $alpha.Id, $bravo.Id -PassThru -Force -StorePath $store)

            $output | Should -HaveCount 2
            $output[0].PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.File'
            (@($output.Key | Sort-Object) -join '|') | Should -BeExactly 'alpha.txt|bravo.txt'
            ($output | Where-Object Id -EQ $alpha.Id).SyncStatus | Should -BeExactly 'READY'
        }

        It 'records a FILE_DELETED event per file' {
            Remove-CarbonFile -Id $alpha.Id -Force -StorePath $store

            $deleted = @(Get-CarbonSyncEvent -Type 'FILE_DELETED' -StorePath $store)
            $deleted | Should -HaveCount 1
            $deleted[0].FileId | Should -Be $alpha.Id
            $deleted[0].DataSourceId | Should -Be $ds.Id
            $deleted[0].Message | Should -Match 'alpha\.txt'
        }

        It 'reports an id removed twice as FileNotFound, without stopping' {
            Remove-CarbonFile -Id $alpha.Id -Force -StorePath $store

            Remove-CarbonFile -Id $alpha.Id, $bravo.Id -Force -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.FileNotFound,CarbonSpaces.Commands.RemoveCarbonFileCommand'
            $err[0].TargetObject | Should -Be $alpha.Id
            (@(Get-CarbonFile -StorePath $store).Key) -join '|' | Should -BeExactly 'setup.exe'
        }

        It 'removes the failed files picked by status' {
            Get-CarbonFile -Status SYNC_ERROR -StorePath $store | Remove-CarbonFile -Force -StorePath $store

            (@(Get-CarbonFile -StorePath $store).Key | Sort-Object) -join '|' | Should -BeExactly 'alpha.txt|bravo.txt'
        }
    }
}
