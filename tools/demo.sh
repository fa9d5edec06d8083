#!/usr/bin/env bash
# The main job end to end, from a fresh Debian/Ubuntu machine with the .NET SDK: installs the
# prerequisites (apt) and the pinned PowerShell 7 (tools/pwsh, from NuGet), builds and stages the
# module, and runs tools/demo.ps1 in that PowerShell (against a local Ceph RGW with sample files,
# or against a real Space/S3 account when arguments are given: see tools/demo.ps1).
#
#   bash tools/demo.sh                                   # local demo
#   bash tools/demo.sh -Endpoint nyc3.digitaloceanspaces.com -Bucket handbook   # keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-prerequisites.sh
tools/pwsh --install-only
export AWS_EC2_METADATA_DISABLED=${AWS_EC2_METADATA_DISABLED:-true}
tools/pwsh -NoLogo -NoProfile -File build.ps1 -Task Build
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
exec tools/pwsh -NoLogo -NoProfile -File tools/demo.ps1 -ModulePath "$PWD/out/CarbonSpaces/$version/CarbonSpaces.psd1" "$@"
