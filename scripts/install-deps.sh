#!/usr/bin/env bash
# Installs the Debian packages kb builds and runs against (with --test, also those the tests use).
# Idempotent; run as root or with sudo.
set -euo pipefail
packages=(pkg-config libsqlite3-dev libxml2-dev zlib1g-dev libstemmer-dev hunspell-sv poppler-utils)
# --test adds what the brief tests render with: a real browser and LibreOffice.
if [ "${1:-}" = "--test" ]; then packages+=(chromium libreoffice-writer-nogui fonts-dejavu-core); fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "kb: installing Debian packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "kb: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo="sudo"
fi
apt_retry() {
  for i in $(seq 1 30); do
    if $sudo env DEBIAN_FRONTEND=noninteractive "$@"; then return 0; fi
    echo "kb: apt busy or failed (attempt $i), retrying in 5 s" >&2
    sleep 5
  done
  return 1
}
apt_retry apt-get update -qq
apt_retry apt-get install -y -qq --no-install-recommends "${missing[@]}"
