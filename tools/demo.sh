#!/usr/bin/env bash
# The main job end to end, from a fresh Debian/Ubuntu machine: installs the prerequisites, builds
# and stages the module, and runs tools/demo.ps1 in PowerShell 7 (against a local Ceph RGW with
# sample files, or against a real Space/S3 account when arguments are given: see tools/demo.ps1).
#
#   bash tools/demo.sh                                   # local demo
#   bash tools/demo.sh -Endpoint nyc3.digitaloceanspaces.com -Bucket handbook   # keys from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-prerequisites.sh

if ! command -v pwsh >/dev/null 2>&1; then
  echo "demo: PowerShell 7 (pwsh) is not installed; trying 'dotnet tool install --global PowerShell'."
  if dotnet tool install --global PowerShell >/dev/null 2>&1; then
    export PATH="$PATH:$HOME/.dotnet/tools"
  fi
fi
if ! command -v pwsh >/dev/null 2>&1; then
  echo "demo: PowerShell 7 is needed to run the module. Install it (https://learn.microsoft.com/powershell/scripting/install/installing-powershell-on-linux) and run this again." >&2
  exit 2
fi

dotnet build CarbonSpaces.sln -c Release --nologo -v quiet
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
exec pwsh -NoLogo -NoProfile -File tools/demo.ps1 -ModulePath "out/CarbonSpaces/$version/CarbonSpaces.psd1" "$@"
