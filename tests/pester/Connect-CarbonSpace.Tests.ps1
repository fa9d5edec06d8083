BeforeDiscovery {
    Import-Module (Join-Path -Path $PSScriptRoot -ChildPath 'TestHelpers.psm1') -Force
    $s3Problem = Get-TestS3Problem
    $seedingProblem = Get-TestSeedingProblem
    if ($s3Problem) {
        Write-Warning "Connect-CarbonSpace: the tests against the test S3 server are skipped: $s3Problem"
    }
    elseif ($seedingProblem) {
        Write-Warning "Connect-CarbonSpace: the tests that create buckets are skipped: $seedingProblem"
    }
}

Describe 'Connect-CarbonSpace' {
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
        It 'is exported by the module and declares CarbonSpaces.DataSource as its output' {
            $command = Get-Command -Module CarbonSpaces -Name Connect-CarbonSpace

            $command.CommandType | Should -Be 'Cmdlet'
            $command.OutputType.Name | Should -Contain 'CarbonSpaces.DataSource'
        }

        It 'has help with a synopsis and at least two examples' {
            $help = Get-Help -Name Connect-CarbonSpace -Examples

            $help.Synopsis | Should -Match 'access key'
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2 -Because 'en-US/CarbonSpaces.dll-Help.xml is staged beside the manifest'
        }

        It 'describes every parameter in its help' {
            Get-UndocumentedParameter -Name Connect-CarbonSpace | Should -BeNullOrEmpty
        }

        It 'has a conceptual help topic, about_CarbonSpaces' {
            $topic = Get-Help -Name about_CarbonSpaces | Out-String

            $topic | Should -Match 'CARBONSPACES_STORE'
            $topic | Should -Match 'AWS_SECRET_ACCESS_KEY'
        }
    }

    Context 'without an S3 server' {
        It 'refuses <Endpoint> as an endpoint before any request (InvalidEndpoint)' -ForEach @(
            @{ Endpoint = 'ftp://127.0.0.1/' }
            @{ Endpoint = 'http://127.0.0.1:9000/bucket/key' }
            @{ Endpoint = 'https://s3.example.com/?list-type=2' }
        ) {
            $credential = [pscredential]::new('AKIDEXAMPLE', (ConvertTo-SecureString -String 'not-a-real-secret' -AsPlainText -Force))

            $result = Connect-CarbonSpace -Endpoint $Endpoint -Credential $credential -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $result | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.InvalidEndpoint,*'
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.InvalidEndpoint,CarbonSpaces.Commands.ConnectCarbonSpaceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'reports a closed port as EndpointUnreachable at once, without retrying the refused connection, and saves nothing' {
            $endpoint = 'http://127.0.0.1:{0}' -f (Get-TestClosedPort)
            $credential = [pscredential]::new('AKIDEXAMPLE', (ConvertTo-SecureString -String 'not-a-real-secret' -AsPlainText -Force))
            $clock = [System.Diagnostics.Stopwatch]::StartNew()

            Connect-CarbonSpace -Endpoint $endpoint -Credential $credential -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 5
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.EndpointUnreachable,*'
            $err[0].CategoryInfo.Category | Should -Be 'ConnectionError'
            $err[0].Exception.Message | Should -BeLikeExactly '127.0.0.1:* refused the connection. Check the endpoint name and port, *'
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'names the environment variables when no credential is given and they are not set (CredentialUnavailable)' {
            Connect-CarbonSpace -Endpoint 'http://127.0.0.1:9' -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.CredentialUnavailable,*'
            $err[0].Exception.Message | Should -Match 'AWS_ACCESS_KEY_ID'
            $err[0].Exception.Message | Should -Match 'AWS_SECRET_ACCESS_KEY'
        }

        It 'reports an AWS profile that the credentials file does not have (ProfileNotFound)' {
            $folder = Split-Path -Parent $store
            $credentialsFile = Join-Path -Path $folder -ChildPath 'credentials'
            Set-Content -LiteralPath $credentialsFile -Value @('[someone-else]', 'aws_access_key_id = AKIDEXAMPLE', 'aws_secret_access_key = not-a-real-secret')
            $configFile = Join-Path -Path $folder -ChildPath 'config'
            Set-Content -LiteralPath $configFile -Value ''
            $env:AWS_SHARED_CREDENTIALS_FILE = $credentialsFile
            $env:AWS_CONFIG_FILE = $configFile
            $profileName = 'carbonspaces-pester-' + [guid]::NewGuid().ToString('N').Substring(0, 8)

            Connect-CarbonSpace -Endpoint 'http://127.0.0.1:9' -ProfileName $profileName -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.ProfileNotFound,*'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($profileName))
        }

        It 'refuses tags that are not single string values (InvalidTag)' {
            $credential = [pscredential]::new('AKIDEXAMPLE', (ConvertTo-SecureString -String 'not-a-real-secret' -AsPlainText -Force))

            Connect-CarbonSpace -Endpoint 'http://127.0.0.1:9' -Credential $credential -Tag @{ team = @('hr', 'it') } -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.InvalidTag,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'says what is missing when a -SecretName cannot be read' {
            $getSecretAvailable = $null -ne (Get-Command -Name Get-Secret -ErrorAction SilentlyContinue)
            $secretName = 'carbonspaces-pester-missing-' + [guid]::NewGuid().ToString('N')

            Connect-CarbonSpace -Endpoint 'http://127.0.0.1:9' -SecretName $secretName -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            if ($getSecretAvailable) {
                $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.SecretNotFound,*'
            }
            else {
                $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.SecretManagementUnavailable,*' -Because 'Get-Secret is not installed on this host'
            }
        }
    }

    Context 'against the test S3 server' -Skip:([bool]$s3Problem) {
        BeforeAll {
            $account = New-TestS3Account
            $credential = New-TestCredential -Account $account
        }

        AfterAll {
            Remove-TestBucket
        }

        It 'verifies a -Credential key and saves an S3 data source' {
            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -Name 'rgw' -CustomerId 'pester' -StorePath $store

            $ds | Should -HaveCount 1
            $ds.PSObject.TypeNames[0] | Should -Be 'CarbonSpaces.DataSource'
            $ds.Id | Should -BeGreaterThan 0
            $ds.Name | Should -BeExactly 'rgw'
            $ds.CustomerId | Should -BeExactly 'pester'
            $ds.DataSourceMetadata | Should -BeExactly 'S3'
            $ds.SourceType | Should -BeExactly 'S3'
            $ds.Endpoint | Should -BeExactly $account.Endpoint.ToLowerInvariant()
            $ds.Region | Should -BeExactly $account.Region
            $ds.AccessKeyId | Should -BeExactly $account.AccessKey
            $ds.CredentialSource | Should -BeExactly 'Session'
            $ds.SyncStatus | Should -BeExactly 'READY'
            $ds.ItemsSyncedAt | Should -BeNullOrEmpty
            $ds.CreatedAt | Should -BeOfType [System.DateTimeOffset]
            @(Get-CarbonDataSource -StorePath $store) | Should -HaveCount 1
        }

        It 'accepts the key as -AccessKey and -SecretKey' {
            $secret = ConvertTo-SecureString -String $account.SecretKey -AsPlainText -Force

            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -AccessKey $account.AccessKey -SecretKey $secret -StorePath $store

            $ds.AccessKeyId | Should -BeExactly $account.AccessKey
            $ds.CredentialSource | Should -BeExactly 'Session'
        }

        It 'reads the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY when no credential is given' {
            $env:AWS_ACCESS_KEY_ID = $account.AccessKey
            $env:AWS_SECRET_ACCESS_KEY = $account.SecretKey

            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -StorePath $store

            $ds.CredentialSource | Should -BeExactly 'Environment'
            $ds.AccessKeyId | Should -BeExactly $account.AccessKey
        }

        It 'reads the key from a profile of the AWS shared credentials file' {
            $folder = Split-Path -Parent $store
            $credentialsFile = Join-Path -Path $folder -ChildPath 'credentials'
            Set-Content -LiteralPath $credentialsFile -Value @(
                '[carbonspaces-pester]'
                "aws_access_key_id = $($account.AccessKey)"
                "aws_secret_access_key = $($account.SecretKey)"
            )
            $configFile = Join-Path -Path $folder -ChildPath 'config'
            Set-Content -LiteralPath $configFile -Value ''
            $env:AWS_SHARED_CREDENTIALS_FILE = $credentialsFile
            $env:AWS_CONFIG_FILE = $configFile

            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -ProfileName 'carbonspaces-pester' -StorePath $store

            $ds.CredentialSource | Should -BeExactly 'Profile:carbonspaces-pester'
            $ds.AccessKeyId | Should -BeExactly $account.AccessKey
        }

        It 'updates the data source when the same endpoint and key connect again' {
            $first = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -Name 'first' -StorePath $store

            $second = Connect-CarbonSpace -Endpoint ($account.Endpoint + '/') -Region $account.Region -Credential $credential -Name 'renamed' -Provider DigitalOcean -StorePath $store

            $second.Id | Should -Be $first.Id
            $second.Name | Should -BeExactly 'renamed'
            $second.DataSourceMetadata | Should -BeExactly 'DigitalOcean Space'
            $second.SourceType | Should -BeExactly 'S3'
            $all = @(Get-CarbonDataSource -StorePath $store)
            $all | Should -HaveCount 1
            $all[0].Name | Should -BeExactly 'renamed'
        }

        It 'keeps string tags with the data source' {
            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -Tag @{ team = 'hr'; lang = 'en'; year = 2024 } -StorePath $store

            $ds.Tags['team'] | Should -BeExactly 'hr'
            $ds.Tags['lang'] | Should -BeExactly 'en'
            $ds.Tags['year'] | Should -BeExactly '2024'
            (Get-CarbonDataSource -StorePath $store).Tags['TEAM'] | Should -BeExactly 'hr' -Because 'tags are a case-insensitive hashtable'
        }

        It 'saves nothing with -WhatIf' {
            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -StorePath $store -WhatIf

            $ds | Should -BeNullOrEmpty
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'refuses a wrong secret (SecretMismatch), names the key but not the secret, and saves nothing' {
            $wrongSecret = 'wrong-' + [guid]::NewGuid().ToString('N')
            $wrong = New-TestCredential -Account $account -SecretKey $wrongSecret

            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $wrong -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $ds | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.SecretMismatch,*'
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'CarbonSpaces.SecretMismatch,CarbonSpaces.Commands.ConnectCarbonSpaceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'AuthenticationError'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($account.AccessKey))
            $err[0].Exception.Message | Should -Not -Match ([regex]::Escape($wrongSecret))
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'refuses an access key the endpoint does not know (UnknownAccessKey)' {
            $unknownKey = 'NOSUCHKEY' + [guid]::NewGuid().ToString('N').Substring(0, 11).ToUpperInvariant()
            $unknown = [pscredential]::new($unknownKey, (ConvertTo-SecureString -String 'whatever-secret' -AsPlainText -Force))

            Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $unknown -StorePath $store -ErrorVariable err -ErrorAction SilentlyContinue

            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'CarbonSpaces.UnknownAccessKey,*'
            $err[0].Exception.Message | Should -Match $unknownKey
            Get-CarbonDataSource -StorePath $store | Should -BeNullOrEmpty
        }

        It 'never puts the secret on the output, in verbose output, or in the store files' {
            $secretPattern = [regex]::Escape($account.SecretKey)

            $output = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -StorePath $store -Verbose 4>&1
            $ds = @($output | Where-Object { $_.PSObject.TypeNames[0] -eq 'CarbonSpaces.DataSource' })

            $ds | Should -HaveCount 1
            $ds[0].PSObject.Properties.Name | Should -Not -Contain 'SecretKey'
            ($ds[0] | ConvertTo-Json -Depth 5) | Should -Not -Match $secretPattern
            ($ds[0] | Format-List -Property * | Out-String -Width 500) | Should -Not -Match $secretPattern
            ($output | Out-String -Width 500) | Should -Not -Match $secretPattern
            $storeText = foreach ($file in Get-ChildItem -LiteralPath (Split-Path -Parent $store) -File) {
                [System.Text.Encoding]::UTF8.GetString([System.IO.File]::ReadAllBytes($file.FullName))
            }
            ($storeText -join "`n") | Should -Not -Match $secretPattern
        }

        It 'shows a data source in its default table view' {
            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -Name 'rgw-view' -StorePath $store

            $formatData = Get-FormatData -TypeName 'CarbonSpaces.DataSource'
            $formatData | Should -Not -BeNullOrEmpty
            $formatData.FormatViewDefinition[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $table = $ds | Format-Table | Out-String -Width 300
            $table | Should -Match 'DataSourceMetadata'
            $table | Should -Match 'AccessKeyId'
            $table | Should -Match 'rgw-view'
        }

        It 'loads every bucket and object right away with -SyncItems' -Skip:([bool]$seedingProblem) {
            $bucket = New-TestBucket -Account $account -Purpose 'connect-sync'
            Write-TestObject -Account $account -Bucket $bucket -Key 'hello.txt' -Content 'hello'
            Write-TestObject -Account $account -Bucket $bucket -Key 'docs/guide.md' -Content '# guide'

            $ds = Connect-CarbonSpace -Endpoint $account.Endpoint -Region $account.Region -Credential $credential -SyncItems -StorePath $store

            $ds.ItemsSyncedAt | Should -Not -BeNullOrEmpty
            $files = @(Get-CarbonItem -DataSourceId $ds.Id -Bucket $bucket -Kind File -StorePath $store)
            ($files.Key | Sort-Object) -join '|' | Should -BeExactly 'docs/guide.md|hello.txt'
        }
    }
}
