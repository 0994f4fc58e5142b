#!/usr/bin/env bash
# Builds the one-dir desktop bundle (dist/nvk-desktop/) with PyInstaller and smoke-runs
# the frozen app: a missing module, resource or Qt plugin shows up here, not at a user's.
# Needs the dev venv: run `bash tools/setup.sh test` (or `.venv/bin/pip install -e '.[dev]'`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

die() { printf 'build_bundle.sh: %s\n' "$*" >&2; exit 1; }

[ -x .venv/bin/pyinstaller ] ||
    die ".venv/bin/pyinstaller is missing; run: bash tools/setup.sh test"
[ -f main.py ] || die "main.py is missing: there is nothing to bundle"

echo "== PyInstaller build (pyinstaller.spec -> dist/nvk-desktop/)"
start=$SECONDS
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN pyinstaller.spec
echo "(build took $((SECONDS - start)) s)"

APP="$ROOT/dist/nvk-desktop/nvk-desktop"
[ -x "$APP" ] || die "the build produced no $APP"
echo "Bundle size: $(du -sh dist/nvk-desktop | cut -f1) in $(find dist/nvk-desktop -type f | wc -l) files"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# The frozen app must not write backups or settings into the real user folders.
export NVK_DESKTOP_DATA_DIR="$tmp/data" NVK_DESKTOP_CONFIG_DIR="$tmp/config"

smoke() {
    local what="$1" secs="$2"
    shift 2
    echo "== smoke: $what"
    local rc=0
    timeout --kill-after=10 "$secs" "$@" || rc=$?
    if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
        die "smoke step '$what' did not finish within $secs s"
    elif [ "$rc" -ne 0 ]; then
        die "smoke step '$what' failed with exit code $rc"
    fi
}

cd "$tmp"  # the frozen app must not lean on files in the checkout
smoke "demo (write the example project)" 120 "$APP" demo "$tmp/demo.nvk"
[ -s "$tmp/demo.nvk" ] || die "smoke step 'demo' wrote no $tmp/demo.nvk"
smoke "check (read it back)" 120 "$APP" check "$tmp/demo.nvk"
smoke "document prosjektplan (ReportLab + bundled fonts)" 120 \
    "$APP" document prosjektplan -o "$tmp/prosjektplan.pdf" "$tmp/demo.nvk"
[ -s "$tmp/prosjektplan.pdf" ] || die "smoke step 'document' wrote no PDF"
smoke "export-servicemap (openpyxl)" 120 \
    "$APP" export-servicemap "$tmp/demo.nvk" -o "$tmp/tjenestekart.xlsx"
[ -s "$tmp/tjenestekart.xlsx" ] || die "smoke step 'export-servicemap' wrote no XLSX"
smoke "surveys (the survey core)" 120 "$APP" surveys "$tmp/demo.nvk" --json
smoke "document verkstedreferat (matplotlib charts in a PDF)" 180 \
    "$APP" document verkstedreferat "$tmp/demo.nvk" -o "$tmp/verkstedreferat.pdf"
[ -s "$tmp/verkstedreferat.pdf" ] || die "smoke step 'verkstedreferat' wrote no PDF"
smoke "--smoke (GUI offscreen, open and paint)" 60 \
    env QT_QPA_PLATFORM=offscreen "$APP" --smoke "$tmp/demo.nvk"

echo "== Bundle OK: dist/nvk-desktop/ ($(du -sh "$ROOT/dist/nvk-desktop" | cut -f1))"
