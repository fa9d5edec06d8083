BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $null = Import-CarbonSpacesTestModule
    $cmdlets = @(Get-Command -Module CarbonSpaces | Sort-Object -Property Name | ForEach-Object { @{ Name = $_.Name } })

    # Every parameter that names one record by number, with the error an id no record has gives.
    $exactIds = @(
        @{ Command = 'Get-CarbonDataSource'; Parameter = 'Id'; ErrorId = 'CarbonSpaces.DataSourceNotFound' }
        @{ Command = 'Get-CarbonItem'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound' }
        @{ Command = 'Get-CarbonItem'; Parameter = 'ParentId'; ErrorId = 'CarbonSpaces.ItemNotFound' }
        @{ Command = 'Get-CarbonFile'; Parameter = 'Id'; ErrorId = 'CarbonSpaces.FileNotFound' }
        @{ Command = 'Get-CarbonFile'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound' }
        @{ Command = 'Get-CarbonChunk'; Parameter = 'FileId'; ErrorId = 'CarbonSpaces.FileNotFound' }
        @{ Command = 'Get-CarbonSyncEvent'; Parameter = 'FileId'; ErrorId = 'CarbonSpaces.FileNotFound' }
        @{ Command = 'Get-CarbonSyncEvent'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound' }
        @{ Command = 'Search-CarbonChunk'; Parameter = 'FileId'; ErrorId = 'CarbonSpaces.FileNotFound'; Extra = @{ Query = 'anything' } }
        @{ Command = 'Search-CarbonChunk'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound'; Extra = @{ Query = 'anything' } }
        @{ Command = 'Sync-CarbonItem'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound' }
        @{ Command = 'Start-CarbonFileSync'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound'; Extra = @{ Bucket = 'any-bucket' } }
        @{ Command = 'Disconnect-CarbonSpace'; Parameter = 'DataSourceId'; ErrorId = 'CarbonSpaces.DataSourceNotFound'; Extra = @{ Force = $true } }
        @{ Command = 'Remove-CarbonFile'; Parameter = 'FileId'; ErrorId = 'CarbonSpaces.FileNotFound'; Extra = @{ Force = $true } }
        @{ Command = 'Invoke-CarbonResync'; Parameter = 'FileId'; ErrorId = 'CarbonSpaces.FileNotFound' }
    )
}

Describe 'The CarbonSpaces module in a PowerShell host' {
    BeforeAll {
        Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
        $null = Import-CarbonSpacesTestModule
        $readmePath = Join-Path -Path (Split-Path -Parent (Split-Path -Parent $PSScriptRoot)) -ChildPath 'README.md'
        $readme = Get-Content -LiteralPath $readmePath -Raw

        function Get-ReadmePowerShellBlock {
            # The ```powershell blocks of README.md, as text.
            foreach ($match in [regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```')) {
                $match.Groups[1].Value
            }
        }

        function Get-ExampleCommand([string] $Code) {
            # The commands of a help example as typed: its 'PS>' lines without the prompt, with their '>>'
            # continuation lines (or lines after one ending in a backtick, pipe, brace, parenthesis or
            # comma); the output shown after them is not code.
            $commands = [System.Collections.Generic.List[string]]::new()
            $current = $null
            foreach ($line in $Code -split '\r?\n') {
                if ($line -match '^PS>\s?(.*)$') {
                    if ($null -ne $current) {
                        $commands.Add($current)
                    }

                    $current = $Matches[1]
                }
                elseif ($null -ne $current -and $line -match '^>>\s?(.*)$') {
                    $current += "`n" + $Matches[1]
                }
                elseif ($null -ne $current -and $current -match '(`|\||\{|\(|,)\s*$' -and $line.Trim()) {
                    $current += "`n" + $line
                }
                elseif ($null -ne $current) {
                    $commands.Add($current)
                    $current = $null
                }
            }

            if ($null -ne $current) {
                $commands.Add($current)
            }

            $commands
        }

        function Get-ParseError([string] $Code) {
            $tokens = $null
            $errors = $null
            $null = [System.Management.Automation.Language.Parser]::ParseInput($Code, [ref]$tokens, [ref]$errors)
            $errors
        }
    }

    BeforeEach {
        $store = New-TestStorePath
        $savedEnvironment = Clear-TestEnvironment
    }

    AfterEach {
        Restore-TestEnvironment -Saved $savedEnvironment
        Remove-TestStorePath -Path $store
    }

    Context 'help of <Name>' -ForEach $cmdlets {
        It 'has at least two examples, and the code of each parses' {
            $help = Get-Help -Name $Name -Examples
            $examples = @($help.examples.example)

            $examples.Count | Should -BeGreaterOrEqual 2
            foreach ($example in $examples) {
                $commands = @(Get-ExampleCommand -Code ([string]$example.code))
                $commands | Should -Not -BeNullOrEmpty -Because "every example of $Name shows a command after a PS> prompt"
                foreach ($command in $commands) {
                    Get-ParseError -Code $command | Should -BeNullOrEmpty -Because "the example '$command' of $Name must parse"
                }
            }
        }

        It 'declares output types that each have a default table view' {
            $command = Get-Command -Name $Name
            $types = @($command.OutputType.Name | Where-Object { $_ -like 'CarbonSpaces.*' })

            $types | Should -Not -BeNullOrEmpty
            foreach ($type in $types) {
                $formatData = Get-FormatData -TypeName $type
                $formatData | Should -Not -BeNullOrEmpty -Because "$Name writes $type"
                $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            }
        }
    }

    Context 'README.md' {
        It 'lists exactly the exported cmdlets in its table of cmdlets' {
            $table = [regex]::Match($readme, '(?ms)^\| cmdlet \| does \|\r?\n(.*?)\r?\n\r?\n').Groups[1].Value
            $listed = @([regex]::Matches($table, '`([A-Z][a-z]+-Carbon[A-Za-z]+)`') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
            $exported = @(Get-Command -Module CarbonSpaces | ForEach-Object Name | Sort-Object -Unique)

            $listed | Should -Not -BeNullOrEmpty
            ($listed -join ', ') | Should -BeExactly ($exported -join ', ')
        }

        It 'uses only parameters the cmdlets have in its examples, and its examples parse' {
            $exported = @(Get-Command -Module CarbonSpaces | ForEach-Object Name)
            $unknown = [System.Collections.Generic.List[string]]::new()
            $checked = 0
            foreach ($block in Get-ReadmePowerShellBlock) {
                Get-ParseError -Code $block | Should -BeNullOrEmpty -Because "README's example`n$block`nmust parse"
                $ast = [System.Management.Automation.Language.Parser]::ParseInput($block, [ref]$null, [ref]$null)
                $calls = $ast.FindAll({ param($node) $node -is [System.Management.Automation.Language.CommandAst] }, $true)
                foreach ($call in $calls) {
                    $name = $call.GetCommandName()
                    if ($name -notin $exported) {
                        continue
                    }

                    $command = Get-Command -Name $name
                    foreach ($parameter in $call.CommandElements | Where-Object { $_ -is [System.Management.Automation.Language.CommandParameterAst] }) {
                        $checked++
                        try {
                            # Full names, aliases and unambiguous prefixes, as PowerShell binds them.
                            $null = $command.ResolveParameter($parameter.ParameterName)
                        }
                        catch {
                            $unknown.Add("$name -$($parameter.ParameterName)")
                        }
                    }
                }
            }

            $checked | Should -BeGreaterThan 20
            $unknown | Should -BeNullOrEmpty
        }
    }

    Context 'ids that are not in the store' {
        It '<Command> -<Parameter> says the id is unknown (<ErrorId>)' -ForEach $exactIds {
            $parameters = @{ $Parameter = [long]987654; StorePath = $store }
            if ($Extra) {
                $parameters += $Extra
            }

            $output = @(& $Command @parameters -ErrorVariable err -ErrorAction SilentlyContinue)

            $output | Should -HaveCount 0
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike "$ErrorId,CarbonSpaces.Commands.*"
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be 987654
            $err[0].Exception.Message | Should -Match '987654'
        }

        It '<Command> -Name stays silent when its wildcard matches nothing' -ForEach @(
            @{ Command = 'Get-CarbonDataSource' }
            @{ Command = 'Get-CarbonItem' }
            @{ Command = 'Get-CarbonFile' }
        ) {
            $output = @(& $Command -Name 'nothing-is-called-this*' -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue)

            $output | Should -HaveCount 0
            $err | Should -HaveCount 0
        }
    }
}
