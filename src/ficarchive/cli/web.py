"""`ficarchive serve` and `ficarchive demo`: the library in a browser."""
from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path
from typing import Optional

import typer

from ..library import Library, LibraryError
from .app import app, err, out, print_error
from .library import LIBRARY_HELP, fail

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
HostOpt = typer.Option("127.0.0.1", "--host", help="Address to listen on. Anything but 127.0.0.1/localhost "
                                                   "lets other machines in.")
ReadOnlyOpt = typer.Option(False, "--read-only", help="No edit pages: browse and read only.")


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            if exc.errno in (errno.EADDRINUSE, errno.EACCES):
                return False
            raise
    return True


def _any_free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _allowed_hosts(host: str) -> list[str] | None:
    """On loopback, answer only requests addressed to loopback names: a web page
    elsewhere cannot then reach the library by rebinding its own DNS name here."""
    if host in LOOPBACK:
        from ..web.app import LOOPBACK_NAMES
        return LOOPBACK_NAMES
    return None


def run_server(library: Optional[str], host: str, port: int, read_only: bool, *, choose_port: bool = False) -> None:
    import uvicorn

    from ..web import create_app

    try:
        web_app = create_app(library, read_only=read_only, allowed_hosts=_allowed_hosts(host))
    except LibraryError as exc:
        fail(f"{exc} (build one with `ficarchive import FILES`, or try `ficarchive demo`)")
    try:
        free = _port_free(host, port)
    except OSError as exc:
        fail(f"{host}: cannot listen there ({exc.strerror or exc})")
    if not free:
        if not choose_port:
            fail(f"port {port} on {host} is in use; choose another with --port")
        port = _any_free_port(host)
    shown = f"[{host}]" if ":" in host else host
    if host not in LOOPBACK:
        err.print(f"warning: listening on {host}: other machines can reach this library", markup=False,
                  soft_wrap=True)
    out.print(f"Serving {web_app.state.web.libraries.path}{' (read-only)' if read_only else ''}", markup=False,
              soft_wrap=True)
    out.print(f"Open http://{shown}:{port}/ in your browser (Ctrl-C stops the server)", markup=False,
              soft_wrap=True)
    sys.stdout.flush()
    uvicorn.run(web_app, host=host, port=port, log_level="warning", server_header=False)


@app.command()
def serve(
    library: Optional[str] = typer.Option(None, "--library", "-L", help=LIBRARY_HELP, show_default=False),
    host: str = HostOpt,
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on.", min=1, max=65535),
    read_only: bool = ReadOnlyOpt,
) -> None:
    """Serve the library as a web archive: browse, filter, read, correct."""
    run_server(library, host, port, read_only)


def demo_library_path() -> Path:
    from platformdirs import user_data_dir
    return Path(user_data_dir("ficarchive", appauthor=False)) / "demo" / "library.db"


def build_demo(path: Path) -> Library:
    """The demo library at `path`, with every sample story in it (re-running adds nothing twice)."""
    from ..samples import story_paths

    path.parent.mkdir(parents=True, exist_ok=True)
    lib = Library(path, create=True)
    report = lib.import_paths(story_paths(), jobs=1)  # six short files: a worker pool costs more than it saves
    for e in report.errors:
        print_error(e)
    return lib


@app.command()
def demo(
    library: Optional[Path] = typer.Option(None, "--library", "-L", show_default=False,
                                           help="Where to build the demo library (default: a 'demo' folder in "
                                                "the user data folder; never your own library)."),
    host: str = HostOpt,
    port: int = typer.Option(8000, "--port", "-p", help="Port to listen on (another free one if it is taken).",
                             min=1, max=65535),
    read_only: bool = ReadOnlyOpt,
    no_serve: bool = typer.Option(False, "--no-serve", help="Only build the demo library and print where it is."),
) -> None:
    """Build a library from the bundled sample stories and serve it."""
    path = library if library is not None else demo_library_path()
    if path.suffix not in (".db", ".sqlite", ".sqlite3"):
        path = path / "library.db"
    try:
        with build_demo(path) as lib:
            st = lib.stats()
    except LibraryError as exc:
        fail(str(exc))
    out.print(f"Demo library: {path} ({st['works']} works, {st['words']:,} words)", markup=False, soft_wrap=True)
    if not no_serve:
        run_server(str(path), host, port, read_only, choose_port=True)
