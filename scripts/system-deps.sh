#!/bin/sh
# Install the Debian packages chitieu needs that are not installed yet.
#
#   scripts/system-deps.sh [--best-effort] PACKAGE...
#
# The package list is the Makefile's APT_PACKAGES. Installed packages are found with
# dpkg-query (or, where there is no dpkg, by looking for the commands they provide), so a
# machine that has them all is done in a fraction of a second and apt-get is never called.
# Missing ones are installed with apt-get, as root or through sudo, saying so first.
#
# Exit status: 0 every package is there (or has just been installed); 1 some are missing
# and could not be installed (no apt-get, not root and no sudo, or apt-get failed). With
# --best-effort that case is a message and exit status 0: `make extract` then still
# extracts every document that needs none of them, and `chitieu extract` tells by its
# exit status 3 that some documents wait for a missing tool.
#
# APT_GET names the package manager (default apt-get); APT_GET=none pretends there is none.
set -u

best_effort=0
if [ "${1:-}" = "--best-effort" ]; then
  best_effort=1
  shift
fi
APT_GET=${APT_GET:-apt-get}

# The command a package provides, to look for where there is no dpkg database.
provides() {
  case "$1" in
    gcc) echo gcc ;;
    tesseract-ocr) echo tesseract ;;
    chromium) echo chromium ;;
    poppler-utils) echo pdftoppm ;;
    libreoffice-writer-nogui) echo soffice ;;
    pandoc) echo pandoc ;;
    *) echo "" ;;
  esac
}

installed() {
  if command -v dpkg-query >/dev/null 2>&1; then
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
    return
  fi
  case "$1" in
    tesseract-ocr-vie)
      command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -qx vie
      return ;;
  esac
  cmd=$(provides "$1")
  [ -z "$cmd" ] || command -v "$cmd" >/dev/null 2>&1
}

missing=""
for pkg in "$@"; do
  installed "$pkg" || missing="$missing $pkg"
done
missing=${missing# }
[ -z "$missing" ] && exit 0

give_up() {
  echo "system-deps: $1" >&2
  echo "system-deps: missing: $missing; install them with your package manager" \
    "(Debian/Ubuntu: apt-get install $missing). Until then what needs them (OCR of scanned" \
    "PDFs, the review-page browser test ...) is skipped; everything else works." >&2
  [ "$best_effort" = 1 ] && exit 0
  exit 1
}

if [ "$APT_GET" = none ] || ! command -v "$APT_GET" >/dev/null 2>&1; then
  give_up "no apt-get on this machine"
fi
if [ "$(id -u)" = 0 ]; then
  sudo="" how="as root"
elif command -v sudo >/dev/null 2>&1; then
  # Without a terminal sudo cannot ask for a password: fail at once rather than hang.
  if [ -t 0 ]; then sudo="sudo"; else sudo="sudo -n"; fi
  how="through sudo"
else
  give_up "not root and no sudo: cannot run apt-get"
fi

echo "system-deps: installing missing Debian packages with apt-get ($how): $missing" >&2
# shellcheck disable=SC2086  # word splitting of $sudo and $missing is wanted
$sudo "$APT_GET" update -qq &&
  $sudo env DEBIAN_FRONTEND=noninteractive "$APT_GET" install -y -qq --no-install-recommends $missing ||
  give_up "apt-get could not install them"
echo "system-deps: installed $missing" >&2
