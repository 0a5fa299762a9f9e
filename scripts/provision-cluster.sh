#!/usr/bin/env bash
# Provisions what `npm run cluster` needs, pinned and cached under .tools/cluster/, from the
# registries this project may use (the Go module proxy, Debian's packages):
#   - the Temporal server (go.temporal.io/server/cmd/server) and its SQL tool, v$SERVER_VERSION;
#   - the PostgreSQL schemas of that version (from the Go module);
#   - the Temporal Web UI server (github.com/temporalio/ui-server/v2), v$UI_VERSION, best effort;
#   - PostgreSQL itself: initdb and pg_ctl on PATH or in /usr/lib/postgresql/*/bin, else Debian's
#     `postgresql` package when apt-get can run (CI runs as root).
# The versions are pinned in scripts/versions.env.
# Prints the PostgreSQL bin folder on stdout; everything else goes to stderr. A second run is fast.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
. "$root/scripts/versions.env"
SERVER_VERSION="$TEMPORAL_SERVER_VERSION"
UI_VERSION="$TEMPORAL_UI_SERVER_VERSION"
# Both builds use this Go toolchain, which go.temporal.io/server's go.mod requires; the go command
# fetches it from the Go module proxy (golang.org/toolchain) when it is not the local Go
# (`go help toolchain`), so the machine's Go only needs to be 1.21 or newer.
export GOTOOLCHAIN="$TEMPORAL_SERVER_GO_TOOLCHAIN+auto"
tools="$root/.tools/cluster"
mkdir -p "$tools/bin" "$tools/ui"
say() { echo "kiemtra cluster: $*" >&2; }
fail() { echo "kiemtra cluster: LỖI: $*" >&2; exit 1; }

command -v go >/dev/null || fail "cần Go (go install qua Go module proxy) để dựng máy chủ Temporal; cài Go ≥ 1.21 (Go tự tải $TEMPORAL_SERVER_GO_TOOLCHAIN từ Go module proxy)."
stamp="$tools/server.version"
if [ ! -x "$tools/bin/server" ] || [ ! -x "$tools/bin/sql" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$SERVER_VERSION" ]; then
  say "go install Temporal server và temporal-sql-tool v$SERVER_VERSION (vài phút lần đầu)…"
  GOBIN="$tools/bin" go install "go.temporal.io/server/cmd/server@v$SERVER_VERSION" >&2
  GOBIN="$tools/bin" go install "go.temporal.io/server/cmd/tools/sql@v$SERVER_VERSION" >&2
  echo "$SERVER_VERSION" >"$stamp"
fi
if [ ! -d "$tools/schema/postgresql/v12" ] || [ "$(cat "$tools/schema.version" 2>/dev/null)" != "$SERVER_VERSION" ]; then
  module="$(go mod download -json "go.temporal.io/server@v$SERVER_VERSION" | sed -n 's/.*"Dir": "\(.*\)".*/\1/p')"
  [ -d "$module/schema/postgresql/v12" ] || fail "không tìm thấy schema PostgreSQL trong $module"
  rm -rf "$tools/schema" && mkdir -p "$tools/schema/postgresql"
  cp -R "$module/schema/postgresql/v12" "$tools/schema/postgresql/v12"
  chmod -R u+w "$tools/schema"
  echo "$SERVER_VERSION" >"$tools/schema.version"
fi
if [ ! -x "$tools/ui/server" ] || [ "$(cat "$tools/ui.version" 2>/dev/null)" != "$UI_VERSION" ]; then
  say "go install Temporal Web UI server v$UI_VERSION…"
  if GOBIN="$tools/ui" go install "github.com/temporalio/ui-server/v2/cmd/server@v$UI_VERSION" >&2; then
    echo "$UI_VERSION" >"$tools/ui.version"
  else
    say "không dựng được Web UI; cụm vẫn chạy, không có Web UI."
  fi
fi

pg_bin=""
find_pg() {
  if command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then pg_bin="$(dirname "$(readlink -f "$(command -v pg_ctl)")")"; return 0; fi
  for d in /usr/lib/postgresql/*/bin; do
    if [ -x "$d/pg_ctl" ] && [ -x "$d/initdb" ]; then pg_bin="$d"; return 0; fi
  done
  return 1
}
if ! find_pg; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    say "cài PostgreSQL từ gói Debian…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2; }
  fi
  find_pg || fail "không có PostgreSQL (initdb, pg_ctl): cài gói postgresql (apt-get install postgresql)."
fi
echo "$pg_bin"
