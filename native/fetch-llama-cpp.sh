#!/usr/bin/env bash
# Fetches llama.cpp (source + prebuilt linux-x64 shared libraries of the same commit) for the
# project's own JNI layer, into a cache directory outside the repository.
#
# Both come from the npm registry, as packaged by node-llama-cpp (MIT):
#   node-llama-cpp                  -> package/llama/gitRelease.bundle: a git bundle of
#                                      ggml-org/llama.cpp (one squashed commit, see LLAMA_CPP_COMMIT)
#   @node-llama-cpp/linux-x64       -> package/bins/linux-x64/*.so: libllama, libllama-common, libggml,
#                                      libggml-base and one libggml-cpu-<variant>.so per x86-64 CPU level,
#                                      built by node-llama-cpp's CI from that same llama.cpp release
#
# Usage:   native/fetch-llama-cpp.sh            (prints the cache directory as its last line of stdout)
#          LLAMA_CPP_HOME="$(native/fetch-llama-cpp.sh | tail -n1)"
# Env:     CAMEL_LLM_NATIVE_CACHE   cache root (default: $HOME/.cache/camel-llm/native)
# Needs:   bash, node/npm, git, tar, gzip, sha256sum (or shasum); nothing is compiled.
# Idempotent: once <cache>/.complete exists with the pinned key, it only prints the path.
# Everything but the final path goes to stderr.
set -euo pipefail

# ---------------------------------------------------------------------------------------------
# Pins. Where they come from:
#  - NLC_VERSION: node-llama-cpp release whose bundled llama.cpp we want (npm: node-llama-cpp).
#  - *_SHA256: `sha256sum` of the tarballs that `npm pack <name>@<version>` downloads; checked
#    against the registry's sha512 integrity (`npm view <name>@<version> dist.integrity`).
#  - LLAMA_CPP_COMMIT: `git bundle list-heads package/llama/gitRelease.bundle` (HEAD) of that
#    tarball; commit date 2026-09-28. LLAMA_CPP_RELEASE: package/llama/binariesGithubRelease.json
#    and bins/linux-x64/_nlcBuildMetadata.json (the release tag the prebuilt libraries were made from).
#  - LLAMA_LIB_VERSION_SUFFIX: the ".v0.5.0" in libllama.v0.5.0.so / libggml.v0.5.0.so (their SONAMEs).
# To move to another release: change the four values, run the script, and let it tell you
# the new checksums / commit it found (it prints them on mismatch).
# ---------------------------------------------------------------------------------------------
NLC_VERSION="3.22.1"
NLC_PACKAGE="node-llama-cpp"
NLC_SHA256="a0d9dd80eacd2ab1cfe71aee57ac8a806487fd70b3d2a38fbec637752d9e5c5f"
NLC_BIN_PACKAGE="@node-llama-cpp/linux-x64"
NLC_BIN_SHA256="0d953e1503d5ab4608d8ed5b739132308c81ac05ffeb760d2a7f30e08a9f90e0"
LLAMA_CPP_COMMIT="de3ff815ea7d559ee917f063901b8986f038abc6"
LLAMA_CPP_RELEASE="v0.5.0"
LLAMA_LIB_VERSION_SUFFIX=".v0.5.0"
PLATFORM="linux-x64"

CACHE_ROOT="${CAMEL_LLM_NATIVE_CACHE:-${HOME:?HOME is not set}/.cache/camel-llm/native}"
CACHE_NAME="llama.cpp-${LLAMA_CPP_COMMIT:0:8}-nlc${NLC_VERSION}"
CACHE_DIR="${CACHE_ROOT}/${CACHE_NAME}"
STAMP="${CACHE_DIR}/.complete"
# Everything that determines the cache content; the stamp must contain exactly this.
CACHE_KEY="nlc=${NLC_VERSION} nlc_sha256=${NLC_SHA256} bin=${NLC_BIN_PACKAGE}@${NLC_VERSION} bin_sha256=${NLC_BIN_SHA256} commit=${LLAMA_CPP_COMMIT} platform=${PLATFORM} layout=1"

log() { printf '[fetch-llama-cpp] %s\n' "$*" >&2; }
die() { printf '[fetch-llama-cpp] ERROR: %s\n' "$*" >&2; exit 1; }

is_complete() { [[ -f "$STAMP" ]] && grep -qxF "key=${CACHE_KEY}" "$STAMP"; }

if is_complete; then
    log "cache is complete: ${CACHE_DIR}"
    printf '%s\n' "$CACHE_DIR"
    exit 0
fi

for tool in npm git tar gzip; do
    command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required but not on PATH"
done
sha256() {
    if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d' ' -f1
    elif command -v shasum >/dev/null 2>&1; then shasum -a 256 "$1" | cut -d' ' -f1
    else die "neither sha256sum nor shasum found"; fi
}

mkdir -p "$CACHE_ROOT"

# One writer at a time (a second concurrent run waits, then finds the cache complete).
if command -v flock >/dev/null 2>&1; then
    exec 9>"${CACHE_ROOT}/.${CACHE_NAME}.lock"
    flock 9
    if is_complete; then
        log "cache was completed by another run: ${CACHE_DIR}"
        printf '%s\n' "$CACHE_DIR"
        exit 0
    fi
fi

# Build everything in a staging directory next to the final one, then rename it into place.
STAGE="${CACHE_ROOT}/.staging-${CACHE_NAME}-$$"
cleanup() { [[ -n "${STAGE:-}" && -d "$STAGE" ]] && rm -rf -- "$STAGE"; return 0; }
trap cleanup EXIT
rm -rf -- "$STAGE"
mkdir -p "$STAGE"/{npm,work,lib/"$PLATFORM",include,licenses,patches}

# --- 1. download (or reuse) the two tarballs and verify them ----------------------------------
# Verified tarballs are kept in <root>/npm-tarballs/ so that a re-run after a failure, or a
# later cache layout change, does not download them again.
TARBALLS="${CACHE_ROOT}/npm-tarballs"
mkdir -p "$TARBALLS"

fetch_tarball() { # <package> <version> <expected sha256> -> prints path of verified tarball
    local pkg="$1" ver="$2" want="$3"
    # npm names the file <scope-without-@>-<name>-<version>.tgz, e.g. node-llama-cpp-linux-x64-3.22.1.tgz
    local file
    file="$(printf '%s' "$pkg" | sed -e 's|^@||' -e 's|/|-|')-${ver}.tgz"
    local dest="${TARBALLS}/${file}"
    if [[ -f "$dest" && "$(sha256 "$dest")" == "$want" ]]; then
        log "reusing verified ${file}"
        printf '%s\n' "$dest"; return 0
    fi
    local tmp="${STAGE}/npm"
    log "npm pack ${pkg}@${ver} ..."
    # npm prints the tarball name on stdout: keep our stdout for the final path only.
    (cd "$tmp" && npm pack "${pkg}@${ver}" --pack-destination "$tmp" --ignore-scripts --no-fund --no-audit --loglevel=error >&2) \
        || die "npm pack ${pkg}@${ver} failed"
    [[ -f "${tmp}/${file}" ]] || die "npm pack did not produce ${tmp}/${file} (found: $(ls "$tmp" | tr '\n' ' '))"
    local got
    got="$(sha256 "${tmp}/${file}")"
    if [[ "$got" != "$want" ]]; then
        die "SHA-256 MISMATCH for ${pkg}@${ver}: expected ${want}, got ${got}. Refusing to use it (file left at ${tmp}/${file} until exit)."
    fi
    mv -f "${tmp}/${file}" "$dest"
    log "verified ${file} (sha256 ${got})"
    printf '%s\n' "$dest"
}

NLC_TGZ="$(fetch_tarball "$NLC_PACKAGE" "$NLC_VERSION" "$NLC_SHA256")"
BIN_TGZ="$(fetch_tarball "$NLC_BIN_PACKAGE" "$NLC_VERSION" "$NLC_BIN_SHA256")"

# --- 2. llama.cpp source from the git bundle -------------------------------------------------
log "extracting the llama.cpp git bundle"
W="${STAGE}/work"
mkdir -p "$W/nlc" "$W/bin"
tar -xzf "$NLC_TGZ" -C "$W/nlc" \
    package/LICENSE package/package.json \
    package/llama/gitRelease.bundle package/llama/llama.cpp.info.json \
    package/llama/binariesGithubRelease.json package/llama/patches
BUNDLE="$W/nlc/package/llama/gitRelease.bundle"
# (`git bundle verify` would need a repository as cwd; `git clone` below checks every object.)
BUNDLE_HEADS="$(git bundle list-heads "$BUNDLE")" || die "not a readable git bundle: ${BUNDLE}"
BUNDLE_HEAD="$(printf '%s\n' "$BUNDLE_HEADS" | awk '$2 == "HEAD" {print $1}')"
[[ "$BUNDLE_HEAD" == "$LLAMA_CPP_COMMIT" ]] \
    || die "bundle HEAD is '${BUNDLE_HEAD}', expected ${LLAMA_CPP_COMMIT}"
BIN_RELEASE="$(sed -n 's/.*"release"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' "$W/nlc/package/llama/binariesGithubRelease.json")"
[[ "$BIN_RELEASE" == "$LLAMA_CPP_RELEASE" ]] \
    || die "node-llama-cpp says llama.cpp release '${BIN_RELEASE}', expected ${LLAMA_CPP_RELEASE}"

log "git clone bundle -> src/"
git -c advice.detachedHead=false clone --quiet "$BUNDLE" "$STAGE/src"
HEAD_COMMIT="$(git -C "$STAGE/src" rev-parse HEAD)"
[[ "$HEAD_COMMIT" == "$LLAMA_CPP_COMMIT" ]] \
    || die "cloned HEAD is ${HEAD_COMMIT}, expected ${LLAMA_CPP_COMMIT}"
# The origin would point at the staging bundle, which is deleted below.
git -C "$STAGE/src" remote remove origin
for f in include/llama.h ggml/include/ggml.h ggml/include/gguf.h ggml/include/ggml-backend.h LICENSE; do
    [[ -f "$STAGE/src/$f" ]] || die "src/$f missing from the bundle"
done

# --- 3. prebuilt libraries ---------------------------------------------------------------------
log "extracting prebuilt ${PLATFORM} libraries -> lib/${PLATFORM}/"
tar -xzf "$BIN_TGZ" -C "$W/bin" package/LICENSE package/package.json "package/bins/${PLATFORM}"
BINS="$W/bin/package/bins/${PLATFORM}"
LIB="$STAGE/lib/${PLATFORM}"
# The tarball holds regular files only; each library's SONAME is its own file name and its
# RUNPATH is $ORIGIN, so copying them flat into one directory keeps every dependency resolvable.
cp -p "$BINS"/*.so "$LIB"/
cp -p "$BINS"/_nlcBuildMetadata.json "$LIB"/ 2>/dev/null || true
LIBLLAMA="libllama${LLAMA_LIB_VERSION_SUFFIX}.so"
LIBGGML="libggml${LLAMA_LIB_VERSION_SUFFIX}.so"
for f in "$LIBLLAMA" "$LIBGGML" libggml-base.so libllama-common.so; do
    [[ -f "$LIB/$f" ]] || die "expected ${f} in ${NLC_BIN_PACKAGE}@${NLC_VERSION} (have: $(ls "$BINS" | tr '\n' ' '))"
done
n_cpu=$(find "$LIB" -maxdepth 1 -name 'libggml-cpu-*.so' | wc -l)
[[ "$n_cpu" -ge 1 ]] || die "no libggml-cpu-<variant>.so in ${NLC_BIN_PACKAGE}"
# Development symlinks so that `-lllama -lggml` work at link time. The linked program records
# the SONAME (libllama.v0.5.0.so), not the symlink, so the symlinks are never needed at run time.
ln -s "$LIBLLAMA" "$LIB/libllama.so"
ln -s "$LIBGGML" "$LIB/libggml.so"
(cd "$LIB" && for f in *.so; do [[ -L "$f" ]] || printf '%s  %s\n' "$(sha256 "$f")" "$f"; done) > "$LIB/SHA256SUMS"
if [[ "$(uname -s)" == Linux && "$(uname -m)" == x86_64 ]] && command -v ldd >/dev/null 2>&1; then
    if ldd "$LIB/$LIBLLAMA" | grep -q 'not found'; then
        ldd "$LIB/$LIBLLAMA" >&2
        die "${LIBLLAMA} has unresolved dependencies (see above)"
    fi
fi

# --- 4. headers ---------------------------------------------------------------------------------
# include/        llama.h, llama-cpp.h, ggml*.h, gguf.h   (the C API: what a JNI layer should use)
# include/common/ llama.cpp's common/ headers (C++ API of libllama-common.so; not ABI-stable)
log "copying headers -> include/"
INC="$STAGE/include"
cp -p "$STAGE/src/include/llama.h" "$INC/"
if [[ -f "$STAGE/src/include/llama-cpp.h" ]]; then cp -p "$STAGE/src/include/llama-cpp.h" "$INC/"; fi
cp -p "$STAGE/src/ggml/include/"*.h "$INC/"
(cd "$STAGE/src" && find common -type f \( -name '*.h' -o -name '*.hpp' \) -print0 \
    | while IFS= read -r -d '' h; do mkdir -p "$INC/$(dirname "$h")"; cp -p "$h" "$INC/$h"; done)

# --- 5. licences, patches, metadata --------------------------------------------------------
cp -p "$STAGE/src/LICENSE" "$STAGE/licenses/llama.cpp-LICENSE"
if [[ -d "$STAGE/src/licenses" ]]; then
    mkdir -p "$STAGE/licenses/llama.cpp-third-party"
    cp -p "$STAGE/src/licenses/"* "$STAGE/licenses/llama.cpp-third-party/"
fi
cp -p "$W/nlc/package/LICENSE" "$STAGE/licenses/node-llama-cpp-LICENSE"
cp -p "$W/bin/package/LICENSE" "$STAGE/licenses/node-llama-cpp-linux-x64-LICENSE"
# node-llama-cpp applies these to the llama.cpp tree before building (when not already merged
# upstream); src/ is kept pristine at LLAMA_CPP_COMMIT, the patches are kept for reference.
cp -p "$W/nlc/package/llama/patches/"* "$STAGE/patches/" 2>/dev/null || true
cp -p "$W/nlc/package/llama/llama.cpp.info.json" "$STAGE/patches/" 2>/dev/null || true

cat > "$STAGE/llama-cpp.env" <<EOF
# Source this file (bash) to get the paths of this llama.cpp cache. Generated by native/fetch-llama-cpp.sh.
LLAMA_CPP_HOME="${CACHE_DIR}"
LLAMA_CPP_COMMIT="${LLAMA_CPP_COMMIT}"
LLAMA_CPP_RELEASE="${LLAMA_CPP_RELEASE}"
LLAMA_CPP_SRC="${CACHE_DIR}/src"
LLAMA_CPP_INCLUDE="${CACHE_DIR}/include"
LLAMA_CPP_LIB="${CACHE_DIR}/lib/${PLATFORM}"
LLAMA_CPP_LIBLLAMA="${LIBLLAMA}"
LLAMA_CPP_LIBGGML="${LIBGGML}"
NODE_LLAMA_CPP_VERSION="${NLC_VERSION}"
EOF

rm -rf -- "$W" "$STAGE/npm"

# --- 6. move into place; the stamp is written last ---------------------------------------------
if [[ -e "$CACHE_DIR" ]]; then
    log "removing incomplete or outdated ${CACHE_DIR}"
    rm -rf -- "$CACHE_DIR"
fi
mv "$STAGE" "$CACHE_DIR"
STAGE=""
{
    printf 'key=%s\n' "$CACHE_KEY"
    printf 'llama_cpp_commit=%s\n' "$LLAMA_CPP_COMMIT"
    printf 'llama_cpp_release=%s\n' "$LLAMA_CPP_RELEASE"
    printf 'node_llama_cpp=%s@%s sha256=%s\n' "$NLC_PACKAGE" "$NLC_VERSION" "$NLC_SHA256"
    printf 'prebuilt=%s@%s sha256=%s\n' "$NLC_BIN_PACKAGE" "$NLC_VERSION" "$NLC_BIN_SHA256"
    printf 'created=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} > "${STAMP}.tmp"
mv "${STAMP}.tmp" "$STAMP"
log "done: llama.cpp ${LLAMA_CPP_COMMIT} (${LLAMA_CPP_RELEASE}), ${n_cpu} CPU variants"
printf '%s\n' "$CACHE_DIR"
