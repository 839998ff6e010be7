#!/usr/bin/env bash
# Makes sure OCR works: Debian's tesseract-ocr with its Vietnamese (and English) model,
# poppler-utils and the DejaVu fonts the scan fixtures are rendered with. Called by
# `make setup` (so by `make run` and `make test` too). When the packages cannot be
# installed (no root, no sudo), it says so and carries on: chidao runs without OCR and
# says what to install when someone uploads a scan.
set -uo pipefail
PACKAGES="tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng poppler-utils fonts-dejavu-core"
have_all() {
    command -v tesseract >/dev/null 2>&1 || return 1
    local langs
    langs="$(tesseract --list-langs 2>&1)"
    grep -qx vie <<<"$langs" && grep -qx eng <<<"$langs" || return 1
    command -v pdftoppm >/dev/null 2>&1 || return 1
    [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ]
}
if have_all; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure_ocr: cannot install $PACKAGES (not root, no sudo); scans will not be read until they are installed" >&2
        exit 0
    fi
fi
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null; }; then
    echo "ensure_ocr: installing $PACKAGES failed; scans will not be read until they are installed" >&2
    exit 0
fi
tesseract --version 2>&1 | head -1
