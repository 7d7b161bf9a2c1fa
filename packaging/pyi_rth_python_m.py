# PyInstaller run-time hook: `study-companion -m MODULE ...` runs MODULE, as `python -m` would.
#
# The app starts helper processes with its own interpreter (`sys.executable -m
# app.pdf.render_worker`: the reader's render process). In the bundle sys.executable is the
# study-companion program, whose command line knows no -m: without this hook the render
# process never started and every page was drawn on the window's side. Only the modules
# named here may be run so, and the app's own command line is untouched otherwise.
# Run by the bootloader before the app's __main__, as PyInstaller's own multiprocessing hook.


def _run_module_if_asked() -> None:
    import runpy
    import sys

    helpers = {"app.pdf.render_worker"}
    if len(sys.argv) >= 3 and sys.argv[1] == "-m" and sys.argv[2] in helpers:
        module = sys.argv[2]
        sys.argv = [sys.argv[0], *sys.argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        sys.exit(0)  # the module's own sys.exit(...) gives its status first


_run_module_if_asked()
