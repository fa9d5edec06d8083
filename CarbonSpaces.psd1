#
# Module manifest for CarbonSpaces.
# ModuleVersion is stamped from Directory.Build.props into out/CarbonSpaces/<version>/ at build;
# import the staged copy, not this file.
#
@{
    # PowerShell 7 loads the net8.0 cmdlets; Windows PowerShell 5.1 the netstandard2.0 build.
    RootModule = if ($PSEdition -eq 'Core') { 'CarbonSpaces.dll' } else { 'Desktop/CarbonSpaces.dll' }

    ModuleVersion = '0.0.0'

    GUID = '8fb48f6f-abb3-4a28-817e-e505d65639a4'

    Author = 'CarbonSpaces contributors'

    CompanyName = 'CarbonSpaces contributors'

    Copyright = '(c) CarbonSpaces contributors. All rights reserved.'

    Description = 'Brings DigitalOcean Spaces and Amazon S3 (or any S3-compatible store) content into a local, searchable SQLite store: connect with access keys, browse buckets and objects, sync text, Office, PDF, image (OCR), e-mail, audio and video (transcription) files into chunks with keyword, vector and hybrid search (a local embedding model, no service needed: install the companion module CarbonSpaces.LocalModel beside it), resync what changed, and keep it fresh on a schedule from automation runbooks.'

    CompatiblePSEditions = 'Desktop', 'Core'

    PowerShellVersion = '5.1'

    # The Desktop build is netstandard2.0, which .NET Framework runs reliably from 4.7.2 on.
    DotNetFrameworkVersion = '4.7.2'

    FormatsToProcess = 'CarbonSpaces.Format.ps1xml'

    CmdletsToExport = @(
        'Connect-CarbonSpace'
        'Get-CarbonDataSource'
        'Disconnect-CarbonSpace'
        'Sync-CarbonItem'
        'Get-CarbonItem'
        'Start-CarbonFileSync'
        'Get-CarbonFile'
        'Get-CarbonChunk'
        'Search-CarbonChunk'
        'Invoke-CarbonResync'
        'Remove-CarbonFile'
        'Set-CarbonAutoSync'
        'Get-CarbonAutoSync'
        'Invoke-CarbonAutoSync'
        'Get-CarbonSyncEvent'
        'Set-CarbonTranscriptionService'
        'Get-CarbonTranscriptionService'
        'Set-CarbonEmbeddingModel'
        'Get-CarbonEmbeddingModel'
        'Set-CarbonRerankService'
        'Get-CarbonRerankService'
        'Copy-CarbonStore'
    )

    FunctionsToExport = @()

    VariablesToExport = @()

    AliasesToExport = @()

    PrivateData = @{
        PSData = @{
            Tags = @(
                'S3'
                'DigitalOcean'
                'Spaces'
                'Carbon'
                'RAG'
                'Search'
                'SQLite'
                'PSEdition_Core'
                'PSEdition_Desktop'
                'Windows'
                'Linux'
                'MacOS'
            )

            ReleaseNotes = 'First release: connect to S3 and DigitalOcean Spaces, sync buckets and objects into a local SQLite store, chunk and search them, resync and auto-sync from runbooks.'
        }
    }
}
