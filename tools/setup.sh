#!/usr/bin/env bash
# Sets up NVK Desktop on a fresh Debian/Ubuntu machine, then starts it or tests it.
#
#   bash tools/setup.sh run [ARGS...]   install what is missing, then: python main.py ARGS
#   bash tools/setup.sh test            install what is missing, then lint, type-check,
#                                       the whole pytest suite and the bundle smoke build
#
# Safe to run again: Debian packages are only installed when missing and the venv is only
# reinstalled when pyproject.toml changed. NVK_PYTHON=/path/to/python3.x picks the Python.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

usage() {
    echo "usage: bash tools/setup.sh run [ARGS...] | bash tools/setup.sh test" >&2
}

MODE="${1:-}"
case "$MODE" in
    run | test) shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage; exit 2 ;;
esac
if [ "$MODE" = test ] && [ $# -gt 0 ]; then
    echo "setup.sh test takes no arguments (got: $*)" >&2
    exit 2
fi

header() { printf '\n===== %s =====\n' "$*"; }
die() { printf 'setup.sh: %s\n' "$*" >&2; exit 1; }

# --- 1. Debian packages -------------------------------------------------------------
# Qt's runtime libraries (also for the offscreen platform), fonts with æøå, and the xcb
# libraries Qt needs for a real X screen.
APT_PACKAGES=(
    python3 python3-venv python3-pip
    libgl1 libegl1 libfontconfig1 libglib2.0-0 libdbus-1-3 libxkbcommon0 fonts-dejavu-core
    libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
    libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0
    libx11-xcb1
)
# binutils: PyInstaller's dependency analysis (objdump); poppler-utils: pdftoppm in tests.
APT_TEST_PACKAGES=(binutils poppler-utils)

deb_installed() {
    [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# True when apt can install the package (a virtual package has "Candidate: (none)").
# No `| grep -q` here: with pipefail, grep's early exit can fail apt-cache with SIGPIPE.
apt_has_candidate() {
    local out
    out="$(apt-cache policy "$1" 2>/dev/null)" || return 1
    grep -q 'Candidate: [^(]' <<<"$out"
}

# Newer releases (Debian 13, Ubuntu 24.04) renamed some libraries with a t64 suffix.
apt_candidate() {
    local pkg
    for pkg in "$1" "$1t64"; do
        if apt_has_candidate "$pkg"; then
            echo "$pkg"
            return 0
        fi
    done
    echo "$1"  # let apt-get report it
}

install_debian_packages() {
    local wanted=("$@") missing=() pkg
    if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
        echo "No dpkg/apt-get here: skipping system packages (install Qt's runtime libraries by hand)."
        return 0
    fi
    for pkg in "${wanted[@]}"; do
        deb_installed "$pkg" || deb_installed "${pkg}t64" || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        echo "All ${#wanted[@]} Debian packages are installed."
        return 0
    fi
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 ||
            die "missing Debian packages and no sudo; as root run: apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    echo "Installing missing Debian packages: ${missing[*]}"
    "${sudo[@]}" apt-get update
    local resolved=()
    for pkg in "${missing[@]}"; do
        resolved+=("$(apt_candidate "$pkg")")
    done
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y --no-install-recommends "${resolved[@]}"
}

# --- 2. Python venv ---------------------------------------------------------------
py_ok() {
    "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1
}

find_python() {
    local cand
    for cand in "${NVK_PYTHON:-}" python3 python3.13 python3.12 python3.11; do
        if [ -z "$cand" ] || ! command -v "$cand" >/dev/null 2>&1; then
            continue
        fi
        if py_ok "$cand"; then
            "$cand" -c 'import sys; print(sys.executable)'  # the real one, not a shim
            return 0
        fi
    done
    return 1
}

VENV="$ROOT/.venv"
VPY="$VENV/bin/python"

ensure_venv() {
    if [ -x "$VPY" ] && ! py_ok "$VPY"; then
        echo "The existing .venv does not run Python >= 3.11; recreating it."
        rm -rf "$VENV"
    fi
    if [ ! -x "$VPY" ]; then
        local py
        if ! py="$(find_python)" && command -v apt-cache >/dev/null 2>&1 &&
            apt_has_candidate python3.11; then
            # e.g. Ubuntu 22.04, whose python3 is 3.10 but which packages python3.11
            echo "python3 is older than 3.11; installing python3.11 from the distribution."
            install_debian_packages python3.11 python3.11-venv
        fi
        py="${py:-$(find_python)}" || die "NVK Desktop needs Python 3.11 or newer; found:" \
            "$(python3 --version 2>&1 || echo 'no python3')." \
            "Install python3.11 (or newer) with its venv module, or set NVK_PYTHON to one."
        echo "Creating .venv with $py ($("$py" --version 2>&1))"
        "$py" -m venv "$VENV" ||
            die "could not create .venv (on Debian/Ubuntu: apt-get install python3-venv)"
    fi
}

# $1 = "dev" (test tools too) or "run". The stamp is newer than pyproject.toml when the
# installed packages match it, so an unchanged checkout skips pip altogether.
install_python_packages() {
    local what="$1" target stamp_dev="$VENV/.nvk-installed-dev" stamp_run="$VENV/.nvk-installed-run"
    if [ "$what" = dev ]; then
        target=".[dev]"
        [ "$stamp_dev" -nt pyproject.toml ] && { echo "Python packages are up to date."; return 0; }
    else
        target="."
        if [ "$stamp_dev" -nt pyproject.toml ] || [ "$stamp_run" -nt pyproject.toml ]; then
            echo "Python packages are up to date."
            return 0
        fi
    fi
    local pip_flags=()
    [ "${CI:-}" = true ] && pip_flags+=(--progress-bar off)
    echo "Installing Python packages: pip install -e '$target'"
    "$VPY" -m pip install "${pip_flags[@]}" -e "$target"
    touch "$VENV/.nvk-installed-$what"
}

# --- 3. The modes ----------------------------------------------------------------------
STAGE_START=0
stage() {
    header "$*"
    STAGE_START=$SECONDS
}
stage_done() { echo "($* took $((SECONDS - STAGE_START)) s)"; }

if [ "$MODE" = run ]; then
    header "Debian packages"
    install_debian_packages "${APT_PACKAGES[@]}"
    header "Python environment (.venv)"
    ensure_venv
    install_python_packages run
    if [ $# -eq 0 ] && [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}${QT_QPA_PLATFORM:-}" ]; then
        echo "Warning: no DISPLAY or WAYLAND_DISPLAY; the window needs a graphical session." >&2
    fi
    # Bytecode for our own modules, so start-up does not compile them each time where
    # PYTHONDONTWRITEBYTECODE is set (site-packages are compiled by pip already).
    "$VPY" -m compileall -q nvk_desktop ui main.py >/dev/null || true
    header "Starting NVK Desktop"
    exec "$VPY" main.py "$@"
fi

# test mode: fail fast, one stage after the other.
stage "Debian packages"
install_debian_packages "${APT_PACKAGES[@]}" "${APT_TEST_PACKAGES[@]}"
stage_done "Debian packages"

stage "Python environment (.venv)"
ensure_venv
install_python_packages dev
stage_done "Python environment"

stage "ruff check"
"$VENV/bin/ruff" check .
stage_done "ruff check"

stage "ruff format --check"
"$VENV/bin/ruff" format --check .
stage_done "ruff format"

stage "mypy (nvk_desktop/)"
"$VENV/bin/mypy"
stage_done "mypy"

stage "pytest (whole suite, Qt offscreen)"
# One worker per core (xdist): the suite takes about 6.5 minutes on 2 cores instead of 11.
pytest_flags=(-p no:cacheprovider -n auto)
# -q keeps CI logs short but still ends with pytest's "N passed ..." summary line.
[ "${CI:-}" = true ] && pytest_flags+=(-q --color=no)
QT_QPA_PLATFORM=offscreen "$VPY" -m pytest "${pytest_flags[@]}"
stage_done "pytest"

stage "PyInstaller bundle + smoke run"
bash tools/build_bundle.sh
stage_done "bundle"

header "All stages passed"
