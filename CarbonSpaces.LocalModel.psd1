#
# Module manifest for CarbonSpaces.LocalModel, the companion of CarbonSpaces.
# ModuleVersion is stamped from Directory.Build.props into out/CarbonSpaces.LocalModel/<version>/
# at build, like CarbonSpaces.psd1.
#
@{
    # Files only: no code runs from here. CarbonSpaces (same major.minor version) finds this folder
    # beside its own or on PSModulePath and reads the model and ONNX Runtime from it.
    ModuleVersion = '0.0.0'

    GUID = '9c34dff0-98e1-4fd3-b34f-8c7e2d587d68'

    Author = 'CarbonSpaces contributors'

    CompanyName = 'CarbonSpaces contributors'

    Copyright = '(c) CarbonSpaces contributors. All rights reserved.'

    Description = 'The local embedding model of CarbonSpaces (snowflake-arctic-embed-xs as ONNX, 384 dimensions) and ONNX Runtime 1.32 for linux-x64, linux-arm64, osx-arm64, win-x64 and win-arm64. Installed beside CarbonSpaces, PowerShell 7 embeds chunks for vector and hybrid search with no service and no network.'

    CompatiblePSEditions = 'Core'

    PowerShellVersion = '7.4'

    FunctionsToExport = @()

    CmdletsToExport = @()

    VariablesToExport = @()

    AliasesToExport = @()

    PrivateData = @{
        PSData = @{
            Tags = @('CarbonSpaces', 'Embeddings', 'ONNX', 'SemanticSearch', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
        }
    }
}
