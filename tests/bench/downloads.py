"""Downloads through the library against ``curl --parallel``: the same files, server and run.

Subject: ``LibraryService.download`` as the app runs it (4 workers, at most 2 per host), over a
data directory whose syllabus lists the files; it streams each into a ``.part``, hashes it,
fsyncs it, opens it with PyMuPDF, renames it into place and records it in the store. Baseline:
``curl --parallel --parallel-max 4`` fetching the same URLs into a folder on the same disk
(no validation, no fsync); and curl plus an fsync of each file it wrote, which is the promise
the library keeps (a power cut never leaves a broken file in place). Figures are throughputs
(MB/s, 10^6 bytes), so ratio >= 0.9 means the library is at most about 10% slower.

The files are real PDFs made with tests/pdfs.py: 60 of 1 to 20 MB (630 MB in all) and one of
200 MB, generated once into a cache folder in the system's temp directory and reused by later
runs. ``STUDY_COMPANION_BENCH_QUICK=1`` makes every file ten times smaller (a quick check).
URLs alternate between the host names 127.0.0.1 and localhost (one server), so 2 per host
allows the library the same 4 transfers at once that curl gets.

The server is nginx when it is installed (``apt-get install nginx``: sendfile, keep-alive,
its own processes), else Python's ``http.server`` (HTTP/1.1, threads) in a subprocess; the
figure names which. Each side gets one untimed warm-up run, then the timed runs alternate
(ABBA) and the medians are compared.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.bench._harness import CommandFailedError, Figure, alternately, run_once
from tests.integration.local_network import closed_port

GOAL = "ratio >= 0.9"
DEFAULT_RUNS = 3
QUICK_ENV = "STUDY_COMPANION_BENCH_QUICK"
COUNT = 60
MB = 1_000_000
HOSTS = ("127.0.0.1", "localhost")
PARALLEL = 4  # the library's default workers; curl gets the same


def quick() -> bool:
    return os.environ.get(QUICK_ENV, "") not in ("", "0")


def paper_sizes() -> list[int]:
    """60 sizes spread evenly from 1 to 20 MB (tenfold smaller when quick)."""
    scale = 10 if quick() else 1
    return [(MB + (19 * MB * n) // (COUNT - 1)) // scale for n in range(COUNT)]


def big_size() -> int:
    return 200 * MB // (10 if quick() else 1)  # under the downloader's 200 MiB cap


# -- the files --------------------------------------------------------------------------------


def pdf_cache() -> Path:
    folder = Path(tempfile.gettempdir()) / "study-companion-bench-pdfs"
    folder.mkdir(mode=0o755, exist_ok=True)
    folder.chmod(0o755)  # nginx's workers may run as another user
    return folder


def ensure_pdf(folder: Path, name: str, size: int, seed: int) -> Path:
    """A PDF of at least ``size`` bytes, made once: the name says what it holds."""
    path = folder / name
    if not path.exists():
        from tests.pdfs import make_pdf

        print(f"  making {name} ...", file=sys.stderr, flush=True)
        data = make_pdf(1 + seed % 8, size=size, seed=seed, title=f"Bench paper {seed}")
        partial = path.with_suffix(".tmp")
        partial.write_bytes(data)
        partial.chmod(0o644)
        partial.replace(path)
    return path


def paper_files() -> list[Path]:
    folder = pdf_cache()
    return [
        ensure_pdf(folder, f"paper-{n:02d}-{size}.pdf", size, seed=n)
        for n, size in enumerate(paper_sizes())
    ]


def big_file() -> Path:
    size = big_size()
    return ensure_pdf(pdf_cache(), f"big-{size}.pdf", size, seed=1000)


# -- the server -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Server:
    name: str  # "nginx" or "python http.server"
    port: int

    def urls(self, files: Sequence[Path]) -> list[str]:
        return [
            f"http://{HOSTS[n % len(HOSTS)]}:{self.port}/{path.name}"
            for n, path in enumerate(files)
        ]


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None,
    )


def nginx_config(root: Path, work: Path, port: int) -> str:
    temp = {kind: work / kind for kind in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers then read the temp folder
    return f"""{user}daemon off;
worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    types {{ application/pdf pdf; }}
    default_type application/octet-stream;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    server {{
        listen 127.0.0.1:{port};
        root {root};
    }}
}}
"""


@contextmanager
def file_server(root: Path) -> Iterator[Server]:
    """Serve ``root`` on 127.0.0.1: nginx if installed, else Python's http.server."""
    port = closed_port()
    with tempfile.TemporaryDirectory(prefix="study-companion-bench-server-") as work:
        nginx = nginx_binary()
        if nginx:
            config = Path(work) / "nginx.conf"
            config.write_text(nginx_config(root, Path(work), port), encoding="utf-8")
            command = [nginx, "-p", work, "-c", str(config), "-e", f"{work}/error.log"]
            name = "nginx"
        else:
            command = [
                sys.executable,
                *("-m", "http.server", "--bind", "127.0.0.1", "--protocol", "HTTP/1.1"),
                *("--directory", str(root), str(port)),
            ]
            name = "python http.server"
        process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            _wait_until_listening(port, process, command)
            yield Server(name, port)
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()


def _wait_until_listening(port: int, process: subprocess.Popen[bytes], command: list[str]) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stderr = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise CommandFailedError(command, f"exited with status {process.returncode}", stderr)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise CommandFailedError(command, "did not start listening in 10 s", "")


# -- the two sides ----------------------------------------------------------------------------


def course_page(urls: Sequence[str]) -> str:
    """A one-week course index.md whose required readings are ``urls``."""
    bullets = "\n".join(f"* [Bench paper {n}]({url})" for n, url in enumerate(urls))
    return (
        "# Bench Seminar (Spring 2022)\n\n{% capture dates %}\n1/24/22\n{% endcapture %}\n"
        "{% include syllabus_entry %}\n# Everything\n\n"
        f'<div class="reading">\n<div class="required_reading" markdown="1">\n{bullets}\n'
        "</div>\n</div>\n"
    )


def library_seconds(urls: Sequence[str], work: Path) -> float:
    """Wall time of LibraryService.download over a fresh data directory listing ``urls``."""
    from app.domain.library import FetchState
    from app.services.app_services import open_services

    data_dir = Path(tempfile.mkdtemp(prefix="app-", dir=work))
    page = data_dir.parent / f"{data_dir.name}-index.md"
    page.write_text(course_page(urls), encoding="utf-8")
    services = open_services(data_dir)
    try:
        services.sync.sync(str(page))
        wanted = services.library.to_fetch()
        if len(wanted) != len(urls):
            raise RuntimeError(f"the syllabus lists {len(wanted)} readings, not {len(urls)}")
        started = time.perf_counter()
        finished = services.library.download(wanted)
        elapsed = time.perf_counter() - started
    finally:
        services.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        page.unlink(missing_ok=True)
    failed = [entry.error for entry in finished if entry.state is not FetchState.READY]
    if failed:
        raise RuntimeError(f"{len(failed)} downloads failed, e.g. {failed[0]}")
    return elapsed


def curl_seconds(urls: Sequence[str], work: Path) -> tuple[float, float]:
    """Wall times of one ``curl --parallel`` run fetching ``urls``, and of fsyncing its files.

    The library fsyncs each file before it is in place (so a power cut never leaves a broken
    one); curl leaves its files in the page cache. curl plus the fsync is the same promise.
    """
    target = Path(tempfile.mkdtemp(prefix="curl-", dir=work))
    command = ["curl", "--parallel", "--parallel-max", str(PARALLEL), "--silent", "--show-error"]
    command.append("--fail")
    for n, url in enumerate(urls):
        command += ["--output", str(target / f"{n}.pdf"), url]
    try:
        seconds = run_once(command)
        started = time.perf_counter()
        for path in target.iterdir():
            descriptor = os.open(path, os.O_RDONLY)
            try:
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        return seconds, time.perf_counter() - started
    finally:
        shutil.rmtree(target, ignore_errors=True)


def compare_throughput(
    label: str, server: Server, files: Sequence[Path], runs: int, work: Path
) -> list[Figure]:
    """Median throughputs of the library and of curl (without, then with the fsync) over
    ``files``, run alternately (ABBA)."""
    urls = server.urls(files)
    total = sum(path.stat().st_size for path in files) / MB
    library_seconds(urls, work)  # warm-ups: imports, the page cache, the server
    curl_seconds(urls, work)
    library_times, curl_times = alternately(
        lambda: library_seconds(urls, work), lambda: curl_seconds(urls, work), runs
    )
    ours = total / statistics.median(library_times)
    plain = total / statistics.median(download for download, _ in curl_times)
    durable = total / statistics.median(download + sync for download, sync in curl_times)
    name = f"{label} ({total:.0f} MB) [{server.name}]: library vs curl --parallel-max {PARALLEL}"
    return [
        Figure(name, ours, "MB/s", plain, ours / plain, GOAL),
        Figure(f"{name} + fsync", ours, "MB/s", durable, ours / durable, GOAL),
    ]


def run(runs: int = DEFAULT_RUNS) -> list[Figure]:
    if shutil.which("curl") is None:
        raise CommandFailedError(["curl"], "curl is not installed (apt-get install curl)", "")
    papers, big = paper_files(), big_file()
    sizes = paper_sizes()
    with (
        file_server(pdf_cache()) as server,
        tempfile.TemporaryDirectory(prefix="study-companion-bench-") as work,
    ):
        label = f"{COUNT} PDFs of {sizes[0] / MB:g} to {sizes[-1] / MB:g} MB"
        many = compare_throughput(label, server, papers, runs, Path(work))
        one = compare_throughput("one PDF", server, [big], runs, Path(work))
    return many + one
