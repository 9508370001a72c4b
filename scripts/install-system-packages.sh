#!/usr/bin/env bash
# The Debian packages the portal's PDFs and tests need, installed only when missing:
#   fonts     a CJK font: Chinese text in PDFs, or WeasyPrint silently draws empty boxes
#             (fonts-noto-cjk, or fonts-wqy-microhei as a light fallback);
#   chromium  the browser the end-to-end tests drive (tests/e2e; Playwright's own browser
#             download is never used);
#   poppler   poppler-utils (pdffonts, pdftoppm) to inspect the PDFs.
# Usage: install-system-packages.sh [fonts] [chromium] [poppler]   (no argument: all three)
# Never fails: without root or apt-get it warns and says what to install by hand.
set -u
parts=("$@")
[ ${#parts[@]} -eq 0 ] && parts=(fonts chromium poppler)

missing=()
for part in "${parts[@]}"; do
  case "$part" in
    fonts) fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts) ;;
    chromium) command -v chromium >/dev/null || missing+=(chromium) ;;
    poppler) command -v pdftoppm >/dev/null || missing+=(poppler) ;;
    *) echo "install-system-packages.sh: unknown part '$part' (fonts, chromium, poppler)" >&2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

apt_usable=false
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  apt_usable=true
  export DEBIAN_FRONTEND=noninteractive
  echo "Installing Debian packages: ${missing[*]} (--no-install-recommends)..."
  apt-get update -qq >/dev/null || true
fi

apt_install() {  # apt_install PACKAGE...: quietly, without the recommended extras
  $apt_usable && apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

for part in "${missing[@]}"; do
  case "$part" in
    fonts)
      if apt_install fonts-noto-cjk || apt_install fonts-wqy-microhei; then
        fc-cache -f >/dev/null 2>&1 || true
      else
        echo "WARNING: no CJK font is installed; Chinese text in PDFs will not render." >&2
        echo "         Install one, e.g.: apt-get install --no-install-recommends fonts-noto-cjk" >&2
      fi
      ;;
    chromium)
      if ! apt_install chromium; then
        echo "WARNING: no 'chromium' on PATH; the browser tests (tests/e2e) will be skipped." >&2
        echo "         Install it: apt-get install --no-install-recommends chromium" >&2
      fi
      ;;
    poppler)
      if ! apt_install poppler-utils; then
        echo "WARNING: poppler-utils (pdffonts, pdftoppm) is not installed." >&2
        echo "         Install it: apt-get install --no-install-recommends poppler-utils" >&2
      fi
      ;;
  esac
done
exit 0
