#!/usr/bin/env bash
# Chinese text in PDFs needs a CJK font, or WeasyPrint silently draws empty boxes.
# Installs Debian's Noto CJK (or WenQuanYi Micro Hei as a light fallback) when none is present.
set -u
if fc-list :lang=zh 2>/dev/null | grep -q .; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing a CJK font for Chinese in PDFs (fonts-noto-cjk)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || true
  if apt-get install -y -qq --no-install-recommends fonts-noto-cjk >/dev/null \
     || apt-get install -y -qq --no-install-recommends fonts-wqy-microhei >/dev/null; then
    fc-cache -f >/dev/null 2>&1 || true
    exit 0
  fi
fi
echo "WARNING: no CJK font is installed; Chinese text in PDFs will not render." >&2
echo "         Install one, e.g.: apt-get install --no-install-recommends fonts-noto-cjk" >&2
exit 0
