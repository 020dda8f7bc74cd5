#!/bin/sh
# Copies the project templates and the SDK sources into the superexe bundle, where
# "elastos app new" reads them (the node's distribution does not carry mini-apps/).
# Run it after changing mini-apps/templates or mini-apps/sdk; EmbeddedTemplatesTest
# fails while the copies differ.
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
MINI="$(dirname "$HERE")"
DEST="$MINI/../superexe/src/main/resources/io/elastos/superexe/internal/cli/templates"
rm -rf "$DEST"
mkdir -p "$DEST"
copy() { # source-dir name
  (cd "$1" && find . -type f ! -path './node_modules/*' ! -path './build/*' | sed 's|^\./||' | LC_ALL=C sort) > "$DEST/$2.index"
  while IFS= read -r f; do
    mkdir -p "$DEST/$2/$(dirname "$f")"
    cp "$1/$f" "$DEST/$2/$f"
  done < "$DEST/$2.index"
}
for lang in "$HERE"/*/; do
  copy "$lang" "$(basename "$lang")"
done
copy "$MINI/sdk/as/assembly" sdk-as
copy "$MINI/sdk/c" sdk-c
echo "embedded $(cat "$DEST"/*.index | wc -l) files into $DEST"
