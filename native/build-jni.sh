#!/usr/bin/env bash
# Builds camel-llm's JNI library (libcamelllm_jni.so) against the cached llama.cpp (headers +
# prebuilt linux-x64 libraries from native/fetch-llama-cpp.sh) and puts it, the libraries it needs
# and all libggml-cpu-<variant>.so into one directory, with a libraries.txt and the licences.
# Called by camel-llm-component/camel-llm-llamacpp/pom.xml (phase process-classes).
#
# Usage: native/build-jni.sh --out DIR [--source FILE.cpp] [--headers DIR] [--java-home DIR]
#   --out        where the libraries go (the module's target/classes/io/github/camelllm/llamacpp/native/linux-x86_64)
#   --source     the JNI source (default: the module's src/main/native/camelllm_jni.cpp)
#   --headers    a directory with javac -h headers (io_github_camelllm_llamacpp_jni_LlamaJni.h); when given,
#                the compiler checks every JNI signature against LlamaJni.java
#   --java-home  a JDK, used when JAVA_HOME is not set (or has no include/jni.h)
# Env:   LLAMA_CPP_HOME  a llama.cpp directory with include/ and lib/linux-x64/ (default: run fetch-llama-cpp.sh,
#                        which needs node/npm and git only the first time; afterwards the cache works offline)
#        CXX             C++ compiler (default g++)
# The compile is skipped when the library is newer than its inputs; the copies are refreshed every run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/.." && pwd)"

log() { printf '[build-jni] %s\n' "$*" >&2; }
die() { printf '[build-jni] ERROR: %s\n' "$*" >&2; exit 1; }

OUT=""
SOURCE="$REPO/camel-llm-component/camel-llm-llamacpp/src/main/native/camelllm_jni.cpp"
HEADERS=""
ARG_JAVA_HOME=""
while [[ $# -gt 0 ]]; do
    case "$1" in
        --out) OUT="${2:?--out needs a directory}"; shift 2 ;;
        --source) SOURCE="${2:?--source needs a file}"; shift 2 ;;
        --headers) HEADERS="${2:?--headers needs a directory}"; shift 2 ;;
        --java-home) ARG_JAVA_HOME="${2:?--java-home needs a directory}"; shift 2 ;;
        *) die "unknown argument: $1 (see the comment at the top of $0)" ;;
    esac
done
[[ -n "$OUT" ]] || die "--out DIR is required"
[[ -f "$SOURCE" ]] || die "JNI source not found: $SOURCE"

if [[ "$(uname -s)" != Linux || "$(uname -m)" != x86_64 ]]; then
    die "the bundled llama.cpp libraries are for linux x86_64; this is $(uname -s) $(uname -m)"
fi

# --- the JDK's JNI headers ------------------------------------------------------------------------
JDK=""
for candidate in "${JAVA_HOME:-}" "$ARG_JAVA_HOME"; do
    if [[ -n "$candidate" && -f "$candidate/include/jni.h" ]]; then JDK="$candidate"; break; fi
done
[[ -n "$JDK" ]] || die "no JDK with include/jni.h: JAVA_HOME='${JAVA_HOME:-}', --java-home='${ARG_JAVA_HOME}' (a JRE has no JNI headers)"

# --- llama.cpp --------------------------------------------------------------------------------------
if [[ -z "${LLAMA_CPP_HOME:-}" ]]; then
    if ! LLAMA_CPP_HOME="$("$HERE/fetch-llama-cpp.sh" | tail -n1)" || [[ -z "$LLAMA_CPP_HOME" ]]; then
        die "could not get llama.cpp with native/fetch-llama-cpp.sh (see its message above). The first build needs node/npm and git on PATH and access to the npm registry; afterwards the cache (${CAMEL_LLM_NATIVE_CACHE:-\$HOME/.cache/camel-llm/native}) is used offline. Or set LLAMA_CPP_HOME to a llama.cpp build (see native/README.md)."
    fi
fi
INC="$LLAMA_CPP_HOME/include"
LIB="$LLAMA_CPP_HOME/lib/linux-x64"
[[ -f "$INC/llama.h" && -f "$INC/common/json-schema-to-grammar.h" ]] || die "no include/llama.h or include/common/ in $LLAMA_CPP_HOME"
[[ -f "$LIB/libllama.so" && -f "$LIB/libggml.so" && -f "$LIB/libggml-base.so" && -f "$LIB/libllama-common.so" ]] \
    || die "no libllama.so, libggml.so, libggml-base.so, libllama-common.so in $LIB"
compgen -G "$LIB/libggml-cpu-*.so" >/dev/null || die "no libggml-cpu-*.so in $LIB"
command -v "${CXX:-g++}" >/dev/null 2>&1 || die "C++ compiler '${CXX:-g++}' not found (install g++ or set CXX)"
command -v readelf >/dev/null 2>&1 || die "readelf not found (binutils)"

mkdir -p "$OUT"
JNI_LIB="$OUT/libcamelllm_jni.so"

# --- compile (only when an input changed) -------------------------------------------------------
inputs=("$SOURCE" "$0" "$INC/llama.h" "$LIB/libllama.so" "$LIB/libllama-common.so")
if [[ -n "$HEADERS" && -f "$HEADERS/io_github_camelllm_llamacpp_jni_LlamaJni.h" ]]; then
    inputs+=("$HEADERS/io_github_camelllm_llamacpp_jni_LlamaJni.h")
fi
stale=0
[[ -f "$JNI_LIB" ]] || stale=1
for f in "${inputs[@]}"; do
    [[ "$f" -nt "$JNI_LIB" ]] && stale=1
done
if [[ $stale == 1 ]]; then
    log "compiling $(basename "$SOURCE") against $LLAMA_CPP_HOME"
    header_flags=()
    [[ -n "$HEADERS" ]] && header_flags=(-I "$HEADERS")
    tmp="$JNI_LIB.tmp.$$"
    # -lllama/-lggml resolve through the cache's dev symlinks; the library records the SONAMEs
    # (libllama.v0.5.0.so, ...) and finds them next to itself through RUNPATH $ORIGIN.
    "${CXX:-g++}" -O2 -std=c++17 -fPIC -shared -fvisibility=hidden \
        -Wall -Wextra -Wno-unused-parameter -Wno-missing-field-initializers \
        -I "$JDK/include" -I "$JDK/include/linux" -I "$INC" -I "$INC/common" "${header_flags[@]}" \
        "$SOURCE" -o "$tmp" \
        -Wl,--as-needed -L "$LIB" -lllama-common -lllama -lggml -lggml-base -lpthread \
        -Wl,-rpath,'$ORIGIN' -Wl,--no-undefined \
        || { rm -f "$tmp"; die "compiling $SOURCE failed"; }
    mv -f "$tmp" "$JNI_LIB"
else
    log "libcamelllm_jni.so is up to date"
fi

# --- the libraries it needs, in load order -------------------------------------------------------
# Walk DT_NEEDED from libcamelllm_jni.so through the cache's libraries (system libraries such as
# libstdc++ are not in the cache and stay with the system); emit dependencies before dependants.
needed() { readelf -d "$1" | sed -n 's/.*(NEEDED).*\[\(.*\)\].*/\1/p'; }
declare -A seen=()
order=()
visit() { # <file name in $LIB or $OUT>
    local name="$1" path
    [[ -n "${seen[$name]:-}" ]] && return 0
    seen[$name]=1
    if [[ "$name" == libcamelllm_jni.so ]]; then path="$JNI_LIB"; else path="$LIB/$name"; fi
    local dep
    for dep in $(needed "$path"); do
        if [[ -f "$LIB/$dep" && ! -L "$LIB/$dep" ]]; then visit "$dep"; fi
    done
    order+=("$name")
}
visit libcamelllm_jni.so
for dep in $(needed "$JNI_LIB"); do
    [[ "$dep" == lib*.so* ]] || continue
    if [[ ! -f "$LIB/$dep" ]] && ! ldconfig -p 2>/dev/null | grep -qF "$dep"; then
        die "libcamelllm_jni.so needs $dep, which is neither in $LIB nor a system library"
    fi
done

# Copy only what changed; remove files of an earlier build that are no longer part of it.
copy() { if ! cmp -s "$1" "$2"; then cp -f "$1" "$2"; fi; }
files=()
for name in "${order[@]}"; do
    [[ "$name" == libcamelllm_jni.so ]] || copy "$LIB/$name" "$OUT/$name"
    files+=("$name")
done
cpu=()
for f in "$LIB"/libggml-cpu-*.so; do
    copy "$f" "$OUT/$(basename "$f")"
    cpu+=("$(basename "$f")")
done
for f in "$OUT"/*.so; do
    name="$(basename "$f")"
    keep=0
    for k in "${files[@]}" "${cpu[@]}"; do [[ "$k" == "$name" ]] && keep=1; done
    [[ $keep == 1 ]] || rm -f "$f"
done

if ldd "$JNI_LIB" | grep -q 'not found'; then
    ldd "$JNI_LIB" >&2
    die "libcamelllm_jni.so has unresolved dependencies in $OUT (see above)"
fi

# --- licences ---------------------------------------------------------------------------------------
LIC="$LLAMA_CPP_HOME/licenses"
[[ -f "$LIC/llama.cpp-LICENSE" ]] || die "no licenses/llama.cpp-LICENSE in $LLAMA_CPP_HOME"
copy "$LIC/llama.cpp-LICENSE" "$OUT/LICENSE-llama.cpp.txt"
[[ -f "$LIC/node-llama-cpp-LICENSE" ]] && copy "$LIC/node-llama-cpp-LICENSE" "$OUT/LICENSE-node-llama-cpp.txt"
[[ -f "$LIC/node-llama-cpp-linux-x64-LICENSE" ]] && copy "$LIC/node-llama-cpp-linux-x64-LICENSE" "$OUT/LICENSE-node-llama-cpp-linux-x64.txt"
if [[ -d "$LIC/llama.cpp-third-party" ]]; then
    for f in "$LIC/llama.cpp-third-party"/*; do
        [[ -f "$f" ]] && copy "$f" "$OUT/LICENSE-llama.cpp-third-party-$(basename "$f" | sed 's/^LICENSE-//').txt"
    done
fi

# --- libraries.txt --------------------------------------------------------------------------------
# NativeLibrary extracts every listed file; "load" lines are System.load()ed in this order,
# "file" lines (the CPU backend variants) are only extracted: ggml picks and dlopens one of them.
{
    printf '# camel-llm native libraries for linux-x86_64 (generated by native/build-jni.sh)\n'
    printf '# llama.cpp %s\n' "$( (. "$LLAMA_CPP_HOME/llama-cpp.env" 2>/dev/null && printf '%s %s' "${LLAMA_CPP_COMMIT:-?}" "${LLAMA_CPP_RELEASE:-}") || printf '?')"
    for name in "${files[@]}"; do printf 'load %s\n' "$name"; done
    for name in "${cpu[@]}"; do printf 'file %s\n' "$name"; done
} > "$OUT/libraries.txt.tmp"
mv -f "$OUT/libraries.txt.tmp" "$OUT/libraries.txt"
log "$(( ${#files[@]} + ${#cpu[@]} )) libraries in $OUT ($(du -sh "$OUT" | cut -f1))"
