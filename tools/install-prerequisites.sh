#!/usr/bin/env bash
# install-prerequisites.sh - install the Debian packages the build and the tests need.
# Idempotent: does nothing (and needs no network) when every needed command is present.
#
#   ceph-mon ceph-osd radosgw ceph-common  a throw-away S3 server for the tests (tools/rgw)
#   curl iproute2                          used by tools/rgw/start-rgw.sh (readiness, ss)
#   poppler-utils                          pdftotext (PDF text extraction)
#   tesseract-ocr tesseract-ocr-eng        OCR of images
#   ffmpeg                                 ffprobe (audio/video metadata)
#   rclone                                 reference S3 sync tool (side-by-side benchmarks)
#   espeak-ng imagemagick qpdf             test files: speech, images with text, encrypted PDFs
#   fonts-dejavu-core                      the font the test images are drawn with (DejaVu Sans)
#   libimage-exiftool-perl                 test files: images with camera and GPS metadata
#
# The .NET SDK is not installed here: the machine image provides it (dotnet on PATH).
# Exit status: 0 = everything present; 1 = an install failed; 2 = dotnet is missing.
# Options: --force  run apt-get even when everything is present.
# Environment: APT_LOG (default: a temp file) receives apt's output.
set -uo pipefail
FORCE=0
for a in "$@"; do
  case "$a" in
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "prerequisites: unknown option: $a" >&2; exit 1 ;;
  esac
done

say() { echo "prerequisites: $*"; }
T0=$(date +%s)

PACKAGES=(ceph-mon ceph-osd radosgw ceph-common curl iproute2 poppler-utils
          tesseract-ocr tesseract-ocr-eng ffmpeg rclone espeak-ng imagemagick fonts-dejavu-core qpdf
          libimage-exiftool-perl)
# command -> package that provides it
declare -A PROVIDER=(
  [ceph-mon]=ceph-mon [ceph-osd]=ceph-osd [radosgw]=radosgw [radosgw-admin]=radosgw
  [ceph]=ceph-common [ceph-authtool]=ceph-common [monmaptool]=ceph-common
  [pdftotext]=poppler-utils [tesseract]=tesseract-ocr [ffprobe]=ffmpeg [rclone]=rclone
  [ss]=iproute2 [curl]=curl [espeak-ng]=espeak-ng [identify]=imagemagick [qpdf]=qpdf
  [exiftool]=libimage-exiftool-perl
)
CHECK_ORDER=(ceph-mon ceph-osd radosgw radosgw-admin ceph ceph-authtool monmaptool
             pdftotext tesseract ffprobe rclone ss curl espeak-ng identify qpdf exiftool)

missing_list() {
  local c out=()
  for c in "${CHECK_ORDER[@]}"; do
    command -v "$c" >/dev/null 2>&1 || out+=("$c (${PROVIDER[$c]})")
  done
  # the English OCR model is a data package, not a command
  if command -v tesseract >/dev/null 2>&1 && ! tesseract --list-langs 2>/dev/null | grep -qx eng; then
    out+=("tesseract language 'eng' (tesseract-ocr-eng)")
  fi
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || out+=("the DejaVu Sans font (fonts-dejavu-core)")
  printf '%s\n' "${out[@]}"
}

rc=0
mapfile -t MISSING < <(missing_list | sed '/^$/d')
if [ ${#MISSING[@]} -eq 0 ] && [ $FORCE = 0 ]; then
  say "all present (${CHECK_ORDER[*]}, tesseract eng)"
else
  if [ ${#MISSING[@]} -gt 0 ]; then say "missing: $(IFS=,; echo "${MISSING[*]}" | sed 's/,/, /g')"; else say "--force: running apt-get anyway"; fi
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO=(sudo -n)
    else
      say "ERROR: not root and no password-less sudo; run as root: bash $0" >&2
      exit 1
    fi
  else
    SUDO=()
  fi
  APT_LOG=${APT_LOG:-$(mktemp -t carbonspaces-apt.XXXXXX.log)}
  export DEBIAN_FRONTEND=noninteractive
  APT_OPTS=(-q -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  say "installing: ${PACKAGES[*]} (apt output: $APT_LOG)"
  attempt() {
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" update >> "$APT_LOG" 2>&1 &&
    "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install -y --no-install-recommends "${PACKAGES[@]}" >> "$APT_LOG" 2>&1
  }
  T_APT=$(date +%s)
  if ! attempt; then
    say "apt failed; retrying once in 5 s (last lines of $APT_LOG):"
    tail -n 5 "$APT_LOG" | sed 's/^/    /'
    sleep 5
    attempt || {
      say "ERROR: apt-get failed twice; last lines of $APT_LOG:" >&2
      tail -n 25 "$APT_LOG" | sed 's/^/    /' >&2
      rc=1
    }
  fi
  if [ $rc = 0 ]; then
    mapfile -t STILL < <(missing_list | sed '/^$/d')
    if [ ${#STILL[@]} -gt 0 ]; then
      say "ERROR: still missing after install: ${STILL[*]}" >&2
      rc=1
    else
      n=$(grep -c '^Setting up ' "$APT_LOG" 2>/dev/null) || n=0
      say "installed in $(( $(date +%s) - T_APT )) s ($n packages set up)"
    fi
  fi
fi

if command -v dotnet >/dev/null 2>&1; then
  say "dotnet $(dotnet --version 2>/dev/null || echo '?') at $(command -v dotnet)"
else
  say "ERROR: 'dotnet' is not on PATH. The .NET SDK (10.x) comes with the machine image and is" >&2
  say "       not installed by this script; install the .NET 10 SDK and put dotnet on PATH." >&2
  [ $rc = 0 ] && rc=2
fi
say "done in $(( $(date +%s) - T0 )) s"
exit $rc
