#!/usr/bin/env bash
# Installs Debian's LibreOffice Writer and Calc (headless) and poppler-utils for the document tests when
# missing (CI runs as root): the PDF test converts every document with soffice and reads the PDF's
# text with positions (pdftohtml, pdfinfo); render-samples uses pdftoppm; the round's workbook
# test opens the .xlsx in Calc. fonts-liberation gives
# Liberation Serif, metric-compatible with Times New Roman.
set -euo pipefail
if command -v soffice >/dev/null && [ -e /usr/lib/libreoffice/program/libsclo.so ] && command -v pdftohtml >/dev/null && command -v pdftoppm >/dev/null; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "install-libreoffice: cannot install LibreOffice here (needs root and apt-get); the document tests will fail in CI." >&2
  exit 1
fi
echo "install-libreoffice: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation…" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation >&2
