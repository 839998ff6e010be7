#!/usr/bin/env bash
# Makes sure Debian's DejaVu fonts are installed: the PDF export of a task's history
# (web/exports/task_history.py) writes Vietnamese with DejaVu Sans.
set -euo pipefail
if [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then
    SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends fonts-dejavu-core >/dev/null
test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
