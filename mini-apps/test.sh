#!/bin/sh
# Builds the sample apps and runs their unit tests, then checks that both project templates
# build and pass their own tests. Needs Node.js + npm, and clang + lld + wasi-libc for C.
#   mini-apps/test.sh            (the in-node tests are MiniAppsIT and DeveloperGuideIT)
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
echo "== sdk/as"
sh "$HERE/sdk/as/test/test.sh"
for app in hello notes photo-frame wechat-backup health-export thermostat; do
  echo "== $app"
  sh "$HERE/$app/build.sh"
  (cd "$HERE/$app" && npm test --silent)
done
echo "== wechat-runtime"
(cd "$HERE/wechat-runtime" && { [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ] || npm ci --no-audit --no-fund --loglevel=error; } && npm test --silent)
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
for lang in as c; do
  echo "== template $lang"
  mkdir -p "$WORK/$lang/sdk"
  cp -RL "$HERE/templates/$lang/." "$WORK/$lang/"
  if [ "$lang" = as ]; then cp "$HERE/sdk/as/assembly/"* "$WORK/$lang/sdk/"; else cp "$HERE/sdk/c/"* "$HERE/sdk/as/assembly/testing.mjs" "$WORK/$lang/sdk/"; fi
  cp "$HERE/sdk/ui/app-api.js" "$WORK/$lang/ui/"
  mv "$WORK/$lang/npmrc" "$WORK/$lang/.npmrc"
  find "$WORK/$lang" -type f ! -path '*/sdk/*' -exec sed -i 's/__APP_ID__/org.example.template/g; s/__APP_NAME__/Template/g' {} +
  sh "$WORK/$lang/build.sh"
  (cd "$WORK/$lang" && npm test --silent)
done
echo "mini-apps: all unit tests passed"
