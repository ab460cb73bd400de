#!/usr/bin/env bash
# Installs the Debian packages the project uses outside Python: Chromium with its driver for
# the browser test, and DejaVu fonts (they carry the Kazakh letters) for PDF documents.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Not installed (needs root and apt-get): ${need[*]}; tests that need them are skipped."
  exit 0
fi
echo "Installing ${need[*]} ..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
  || echo "Could not install ${need[*]}; tests that need them are skipped."
exit 0
