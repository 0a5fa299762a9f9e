#!/usr/bin/env bash
# `npm run package [-- <folder>]`: the production package, kiemtra-<version>.tgz in <folder>
# (default: the project folder); prints its path on stdout.
# A clean build of the runtime (tsconfig.build.json) goes into a staging folder with the files a
# server needs (package.json "files": dist/, plans/, templates/, data/, deploy/, scripts/versions.env) and
# package-lock.json as npm-shrinkwrap.json, so that on the server
#   tar -xzf kiemtra-<version>.tgz && cd package && npm ci --omit=dev
# installs exactly the locked runtime dependencies and nothing else. The checkout's dist/ is
# not touched.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$(mkdir -p "${1:-$root}" && cd "${1:-$root}" && pwd)"
fail() { echo "kiemtra package: LỖI: $*" >&2; exit 1; }

cd "$root"
[ -x node_modules/.bin/tsc ] || fail "thiếu node_modules (TypeScript); hãy chạy npm ci trước."
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
node_modules/.bin/tsc -p tsconfig.build.json --outDir "$stage/dist" --incremental false >&2 \
  || fail "biên dịch TypeScript thất bại."
chmod 755 "$stage/dist/client/cli/cli.js"
cp package.json "$stage/"
cp package-lock.json "$stage/npm-shrinkwrap.json"
mkdir -p "$stage/scripts"
cp scripts/versions.env "$stage/scripts/"
cp -R plans templates data deploy "$stage/"
(cd "$stage" && npm pack --ignore-scripts --silent --pack-destination "$dest" >/dev/null) \
  || fail "npm pack thất bại."
echo "$dest/kiemtra-$(node -p 'require("./package.json").version').tgz"
