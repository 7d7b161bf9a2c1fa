#!/usr/bin/env bash
# Runs a built bundle as a student would, from the bundle and not the source tree:
#
#   packaging/smoke.sh dist/study-companion/study-companion
#
# on a new data folder and a throw-away HOME: --version, `due` (its first start creates and
# migrates the database and imports the shipped syllabus), `sync` from the course page file,
# a screenshot offscreen, the reader's render process, a PDF attached and shown in the
# reader, the window under Xvfb (where xvfb-run exists), and install.sh then --uninstall.
# Stops at the first failure, saying which.
set -euo pipefail

exe=$(realpath -- "${1:?usage: smoke.sh PATH/TO/study-companion}")
root=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf -- "$work"' EXIT

# Nothing of this machine's user, data or display may help the bundle.
export HOME=$work/home QT_QPA_PLATFORM=offscreen
unset XDG_DATA_HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_STATE_HOME STUDY_COMPANION_DATA_DIR
unset PYTHONPATH PYTHONHOME
mkdir -p -- "$HOME"
data=$work/data
cd -- "$work" # not the checkout: the bundle must find its files itself

step() { printf '\n--> smoke: %s\n' "$*"; }
fail() { printf '!!! smoke: %s\n' "$*" >&2; exit 1; }
bounded() { timeout 180 "$@"; } # each command answers in seconds: the bound catches a hang

step "--version"
version=$(python3 -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$root/pyproject.toml")
said=$(bounded "$exe" --version)
[[ $said == "study-companion $version" ]] || fail "--version said '$said', not 'study-companion $version'"
echo "$said"

step "due on a new data folder"
bounded "$exe" --data-dir "$data" due >"$work/due.txt" || fail "due exited $?"
rows=$(grep -c 'review' "$work/due.txt" || true)
((rows > 0)) || fail "due printed no review rows: $(cat "$work/due.txt")"
echo "$rows rows"
python3 - "$data/study-companion.sqlite3" <<'EOF' || fail "the database was not migrated"
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
revision = db.execute("SELECT version_num FROM alembic_version").fetchall()
weeks = db.execute("SELECT count(*) FROM weeks").fetchone()[0]
assert revision and weeks > 0, (revision, weeks)
print(f"migrated to {revision[0][0]}, {weeks} weeks")
EOF

step "sync from the course page file"
bounded "$exe" --data-dir "$data" sync --source "$root/resources/course/index.md" ||
    fail "sync exited $?"

# A PNG of the size asked for, and more than an empty window (which compresses to a few kB).
check_png() {
    python3 - "$1" <<'EOF' || fail "$1 is not a whole picture"
import struct, sys
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
width, height = struct.unpack(">II", data[16:24])  # IHDR, the first chunk
assert (width, height) == (1280, 800), (width, height)
assert len(data) > 20_000, f"{len(data)} bytes: an empty window compresses to less"
print(f"{width}x{height}, {len(data) // 1000} kB")
EOF
}

step "diagnostics name the shipped libraries and their licences (About reads the same)"
bounded "$exe" --data-dir "$data" diagnostics >"$work/diagnostics.txt" || fail "diagnostics exited $?"
grep -qi '^  pymupdf .*affero' "$work/diagnostics.txt" ||
    fail "diagnostics list no PyMuPDF licence: the bundle carries no package metadata"
grep -c '^  ' "$work/diagnostics.txt" | sed 's/$/ lines of libraries and log/'

step "screenshot"
bounded "$exe" --data-dir "$data" screenshot "$work/shot.png" --size 1280x800 ||
    fail "screenshot exited $?"
check_png "$work/shot.png"

step "the reader's render process starts from the bundle"
ready=$(bounded "$exe" -m app.pdf.render_worker </dev/null | head -c1) # R: PyMuPDF loaded
[[ $ready == R ]] || fail "the render process did not start (said '$ready')"

step "a PDF attached to a reading and shown in the reader"
python3 "$root/packaging/smoke_pdf.py" "$work/paper.pdf"
reading=$(bounded "$exe" --data-dir "$data" readings --week 2 --json |
    python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
bounded "$exe" --data-dir "$data" attach "$reading" "$work/paper.pdf" || fail "attach exited $?"
bounded "$exe" --data-dir "$data" screenshot "$work/reader.png" --size 1280x800 \
    --view reader --reading "$reading" || fail "the reader's screenshot exited $?"
check_png "$work/reader.png"

if command -v xvfb-run >/dev/null; then
    step "the window on an X display (Xvfb)"
    QT_QPA_PLATFORM=xcb bounded xvfb-run -a "$exe" --data-dir "$data" --exit-when-shown ||
        fail "the window did not start under Xvfb (exit $?)"
else
    step "the window on an X display: skipped, no xvfb-run (Debian package xvfb)"
fi

# As a student would: from the tarball beside the bundle, unpacked, where build.py made one.
bundle=$(dirname -- "$exe")
tarball=$(dirname -- "$bundle")/study-companion-$version-linux-$(uname -m).tar.gz
if [[ -f $tarball ]]; then
    step "install.sh of the unpacked $(basename -- "$tarball"), then --uninstall"
    mkdir -- "$work/unpacked"
    tar -xzf "$tarball" -C "$work/unpacked"
    bundle=$work/unpacked/study-companion
else
    step "install.sh of $bundle (no tarball beside it), then --uninstall"
fi
bounded bash "$bundle/install.sh"
installed=$(bounded "$HOME/.local/bin/study-companion" --version)
[[ $installed == "study-companion $version" ]] || fail "the installed command said '$installed'"
[[ -f $HOME/.local/share/applications/study-companion.desktop ]] || fail "no desktop entry"
bounded bash "$HOME/.local/opt/study-companion/install.sh" --uninstall
[[ ! -e $HOME/.local/bin/study-companion && ! -e $HOME/.local/opt/study-companion ]] ||
    fail "--uninstall left the app behind"

printf '\nsmoke: the bundle works\n'
