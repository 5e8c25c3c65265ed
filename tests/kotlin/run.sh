#!/usr/bin/env bash
# The Kotlin bindings on the JVM: compiles the uniffi-generated Kotlin for
# libhappylife_mobile.so together with tests/kotlin/Main.kt, starts the real
# gateway on 127.0.0.1, and runs Main.kt against the real library; then
# Main.kt hosts the elder UI as the Android activity does, and
# tests/kotlin/ui.test.mjs drives it in headless Chromium (needs the
# browser tests' packages: npm ci in tests/e2e).
#
# Needs `cargo xtask bindings` (and the server build) to have run first.
# Installs what it needs itself:
#   - Debian: libjna-java (JNA jar) and a JDK, only when missing;
#   - PyPI: kotlin-jupyter-kernel (pinned) into a venv: its wheel carries a
#     recent Kotlin compiler (inside its -all jar, with kotlinx-coroutines-core
#     1.10.x, which is copied out into a jar of its own) and kotlin-stdlib.
#     No Maven repository is reached.
#
# Env (defaults in brackets):
#   HAPPYLIFE_KOTLIN_BINDINGS  [target/bindings/kotlin]  generated .kt files
#   HAPPYLIFE_MOBILE_LIB_DIR   [target/debug]            dir of libhappylife_mobile.so
#   HAPPYLIFE_SERVER_BIN       [target/debug/happylife-server]
#   HAPPYLIFE_KOTLIN_VENV      [target/kotlin-venv]      venv; build output in its happylife-build/
#
# Exits non-zero on any failure.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BINDINGS=${HAPPYLIFE_KOTLIN_BINDINGS:-$ROOT/target/bindings/kotlin}
LIB_DIR=${HAPPYLIFE_MOBILE_LIB_DIR:-$ROOT/target/debug}
SERVER_BIN=${HAPPYLIFE_SERVER_BIN:-$ROOT/target/debug/happylife-server}
VENV=${HAPPYLIFE_KOTLIN_VENV:-$ROOT/target/kotlin-venv}
BUILD=$VENV/happylife-build
KERNEL_WHEEL=kotlin-jupyter-kernel
KERNEL_VERSION=0.19.0.944
JNA_JAR=/usr/share/java/jna.jar

START=$SECONDS
say() { echo "[kotlin $((SECONDS - START))s] $*"; }
die() { echo "[kotlin] FAILED: $*" >&2; exit 1; }

# --- what cargo built -------------------------------------------------------
mapfile -t BINDING_SOURCES < <(find "$BINDINGS" -name '*.kt' 2>/dev/null | sort)
[ "${#BINDING_SOURCES[@]}" -gt 0 ] || die "no generated Kotlin under $BINDINGS (run: cargo xtask bindings)"
[ -f "$LIB_DIR/libhappylife_mobile.so" ] || die "no $LIB_DIR/libhappylife_mobile.so (run: cargo xtask bindings)"
[ -x "$SERVER_BIN" ] || die "no gateway binary $SERVER_BIN (run: cargo build -p happylife-server)"

# --- Debian: JNA, a JDK, keyutils -------------------------------------------
missing=()
[ -f "$JNA_JAR" ] || missing+=(libjna-java)
command -v java >/dev/null 2>&1 || missing+=(default-jdk-headless)
command -v keyctl >/dev/null 2>&1 || missing+=(keyutils)
if [ "${#missing[@]}" -gt 0 ]; then
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f "$JNA_JAR" ] || die "no $JNA_JAR after installing libjna-java"
JNA_JAR=$(readlink -f "$JNA_JAR")

# --- PyPI: the Kotlin compiler ----------------------------------------------
if [ ! -x "$VENV/bin/python" ]; then
    say "python3 -m venv $VENV"
    python3 -m venv "$VENV"
fi
if [ "$("$VENV/bin/python" -m pip show "$KERNEL_WHEEL" 2>/dev/null | sed -n 's/^Version: //p')" != "$KERNEL_VERSION" ]; then
    say "pip install $KERNEL_WHEEL==$KERNEL_VERSION"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps "$KERNEL_WHEEL==$KERNEL_VERSION"
fi
JARS=$("$VENV/bin/python" -c 'import os, run_kotlin_kernel as k; print(os.path.join(os.path.dirname(k.__file__), "jars"))')
pick() { # the one jar in $JARS matching a glob
    local found=("$JARS"/$1)
    [ -f "${found[0]}" ] || die "no $1 in $JARS"
    echo "${found[0]}"
}
COMPILER_JAR=$(pick 'kotlin-jupyter-kernel-*-all.jar')
STDLIB_JAR=$(pick 'kotlin-stdlib-[0-9]*.jar')
ANNOTATIONS_JAR=$(pick 'annotations-*.jar')

# kotlinx-coroutines-core (the bindings' suspend functions need it) is inside
# the compiler's -all jar, unrelocated: copy its classes into a jar of its own.
mkdir -p "$BUILD"
COROUTINES_JAR=$("$VENV/bin/python" - "$COMPILER_JAR" "$BUILD" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as z:
    version = z.read("META-INF/kotlinx_coroutines_core.version").decode().strip()
    jar = os.path.join(out, f"kotlinx-coroutines-core-jvm-{version}.jar")
    if not os.path.exists(jar):
        keep = ("kotlinx/coroutines/", "_COROUTINE/",
                "META-INF/kotlinx-coroutines-core.kotlin_module",
                "META-INF/kotlinx_coroutines_core.version")
        tmp = jar + ".tmp"
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as o:
            for info in z.infolist():
                if info.filename.startswith(keep):
                    o.writestr(info, z.read(info))
        os.replace(tmp, jar)
print(jar)
PY
)

# --- compile ----------------------------------------------------------------
CLASSPATH="$STDLIB_JAR:$ANNOTATIONS_JAR:$COROUTINES_JAR:$JNA_JAR"
APP_JAR=$BUILD/happylife-kotlin-test.jar
say "kotlinc (K2JVMCompiler from $(basename "$COMPILER_JAR")): ${BINDING_SOURCES[*]#"$ROOT/"} tests/kotlin/Main.kt"
rm -f "$APP_JAR"
java -Xmx2g -cp "$COMPILER_JAR" org.jetbrains.kotlin.cli.jvm.K2JVMCompiler \
    -no-stdlib -no-reflect -jvm-target 17 \
    -classpath "$CLASSPATH" \
    -d "$APP_JAR" \
    "${BINDING_SOURCES[@]}" "$HERE/Main.kt" \
    || die "kotlinc"
[ -f "$APP_JAR" ] || die "kotlinc wrote no $APP_JAR"

# --- the gateway ------------------------------------------------------------
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/happylife-kotlin-XXXXXX")
SERVER_PID=
cleanup() {
    if [ -n "$SERVER_PID" ]; then
        kill "$SERVER_PID" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT
"$SERVER_BIN" --sandbox --database-url "sqlite://$SCRATCH/bank.db?mode=rwc" \
    --listen 127.0.0.1:0 --blocklist-size 1000 \
    >"$SCRATCH/server.out" 2>"$SCRATCH/server.err" &
SERVER_PID=$!
URL=
for _ in $(seq 300); do
    URL=$(head -n 1 "$SCRATCH/server.out" | grep -oE 'http://127\.0\.0\.1:[0-9]+' || true)
    [ -n "$URL" ] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$SCRATCH/server.err" >&2; die "the gateway exited"; }
    sleep 0.1
done
[ -n "$URL" ] || die "the gateway printed no URL: $(head -c 300 "$SCRATCH/server.out")"
say "gateway at $URL"

# --- run: keys in a session keyring of its own ------------------------------
set +e
keyctl session - java \
    -Djna.library.path="$LIB_DIR" \
    -Djava.io.tmpdir="$SCRATCH" \
    -cp "$APP_JAR:$CLASSPATH" \
    MainKt "$URL"
rc=$?
set -e
[ "$rc" -eq 0 ] || { echo "--- gateway stderr (tail) ---" >&2; tail -n 20 "$SCRATCH/server.err" >&2; die "Main.kt exited $rc"; }

# --- the UI hosted from Kotlin, driven in headless Chromium -----------------
say "the elder UI hosted from Kotlin (Main.kt ui), in headless Chromium"
SHELL_COMMAND=$(python3 -c 'import json, sys; print(json.dumps(sys.argv[1:]))' \
    keyctl session - java -Djna.library.path="$LIB_DIR" -Dstdout.encoding=UTF-8 \
    -Djava.io.tmpdir="$SCRATCH" -cp "$APP_JAR:$CLASSPATH" MainKt)
HAPPYLIFE_KOTLIN_SHELL="$SHELL_COMMAND" HAPPYLIFE_SERVER_BIN="$SERVER_BIN" \
    node --test "$HERE/ui.test.mjs" || die "the UI hosted from Kotlin"
say "passed"
