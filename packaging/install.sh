#!/usr/bin/env bash
# Install Study Companion's bundle for the current user (no root needed), or remove it.
#
#   ./install.sh               from the unpacked tarball (study-companion/install.sh), or
#   packaging/install.sh       from a checkout after `python3 packaging/build.py`
#   ./install.sh --uninstall   removes what the install put there
#
# The bundle goes to ~/.local/opt/study-companion, the command to ~/.local/bin/study-companion
# (a link), and the desktop entry, icons and AppStream metainfo under ~/.local/share, so the
# app is in the desktop's menu and software centre. Your data (syllabus, papers, annotations,
# reviews) lives elsewhere and is never touched, by the install or by --uninstall.
set -euo pipefail

NAME=study-companion
APP_ID=io.github.studycompanion.StudyCompanion
DATA_HOME=${XDG_DATA_HOME:-$HOME/.local/share}
OPT=$HOME/.local/opt/$NAME
BIN=$HOME/.local/bin/$NAME
DESKTOP=$DATA_HOME/applications/$NAME.desktop
METAINFO=$DATA_HOME/metainfo/$APP_ID.metainfo.xml
ICONS=$DATA_HOME/icons/hicolor

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# The desktop's caches, where the tools exist: menus and icon themes see the change at once.
refresh_caches() {
    if command -v update-desktop-database >/dev/null; then
        update-desktop-database -q "$DATA_HOME/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null && [[ -f $ICONS/index.theme ]]; then
        gtk-update-icon-cache -q -t "$ICONS" || true
    fi
}

uninstall() {
    # Reminders while the app is closed (a systemd user timer or a login entry) run the
    # installed program: the app itself takes them away, as its setting does, before it goes.
    local config_home=${XDG_CONFIG_HOME:-$HOME/.config}
    if [[ -x $OPT/$NAME ]] && grep -qsF -- "$OPT/$NAME" \
        "$config_home/systemd/user/$NAME-remind.service" \
        "$config_home/autostart/$NAME-remind.desktop"; then
        "$OPT/$NAME" config set reminders.when_closed false ||
            say "(Could not turn off the reminders while closed: see $config_home/systemd/user.)"
    fi
    rm -rf -- "$OPT"
    # Only our own link: a study-companion installed another way (pip) stays.
    if [[ -L $BIN && $(readlink -- "$BIN") == "$OPT/$NAME" ]]; then
        rm -f -- "$BIN"
    fi
    rm -f -- "$DESKTOP" "$METAINFO"
    rm -f -- "$ICONS"/*/apps/"$NAME".png "$ICONS"/scalable/apps/"$NAME".svg
    refresh_caches
    say "Removed Study Companion. Your data was left where it is."
}

install() {
    local here bundle
    here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
    if [[ -x $here/$NAME ]]; then
        bundle=$here # the script inside the bundle (the unpacked tarball)
    else
        bundle=$(cd -- "$here/.." && pwd)/dist/$NAME # packaging/ of a checkout
    fi
    [[ -x $bundle/$NAME && -d $bundle/share ]] ||
        die "no bundle at $bundle: build it first with python3 packaging/build.py"

    # A new copy beside the old one, then swapped in: a failed copy leaves the old app working.
    mkdir -p -- "$(dirname -- "$OPT")"
    rm -rf -- "$OPT.new"
    cp -a -- "$bundle" "$OPT.new"
    rm -rf -- "$OPT"
    mv -- "$OPT.new" "$OPT"

    mkdir -p -- "$(dirname -- "$BIN")" "$(dirname -- "$DESKTOP")" "$(dirname -- "$METAINFO")"
    ln -sfn -- "$OPT/$NAME" "$BIN"
    # The menu starts the app by its full path: ~/.local/bin is not on every desktop's PATH.
    sed -e "s|^Exec=$NAME\$|Exec=\"$BIN\"|" -e "s|^TryExec=$NAME\$|TryExec=$BIN|" \
        "$OPT/share/applications/$NAME.desktop" >"$DESKTOP"
    cp -- "$OPT/share/metainfo/$APP_ID.metainfo.xml" "$METAINFO"
    local icon
    for icon in "$OPT"/share/icons/hicolor/*/apps/"$NAME".*; do
        local size_dir=${icon#"$OPT/share/icons/hicolor/"}
        mkdir -p -- "$ICONS/$(dirname -- "$size_dir")"
        cp -- "$icon" "$ICONS/$size_dir"
    done
    refresh_caches
    say "Installed Study Companion $("$BIN" --version | cut -d' ' -f2) in $OPT."
    say "Start it from your desktop's menu, or run: $BIN"
    case ":$PATH:" in
    *":$(dirname -- "$BIN"):"*) ;;
    *) say "($(dirname -- "$BIN") is not on your PATH: add it to run study-companion by name.)" ;;
    esac
}

case ${1:-} in
"") install ;;
--uninstall) uninstall ;;
*) die "usage: install.sh [--uninstall]" ;;
esac
