"""Every typed module (Cython's pure-Python mode, built to C at install): the build that exists
is the one imported, it is not older than its source, and without Cython installed each one's
plain Python still loads (Cython is a build requirement only)."""
from __future__ import annotations

import importlib
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

import ficarchive
from conftest import as_python

PACKAGE = Path(ficarchive.__file__).parent
SOURCES = sorted(p for p in PACKAGE.glob("*/*.py") if "import cython" in p.read_text(encoding="utf-8"))
MODULES = [f"ficarchive.{p.parent.name}.{p.stem}" for p in SOURCES if p.stem != "_cython_shim"]


def _built(source: Path) -> list[Path]:
    return [p for p in source.parent.iterdir()
            if p.name.startswith(source.stem + ".") and any(p.name.endswith(s) for s in EXTENSION_SUFFIXES)]


def test_the_typed_modules_are_all_found():
    assert len(MODULES) >= 16, MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_build_that_exists_is_the_one_imported(name):
    module = importlib.import_module(name)
    source = PACKAGE / name.split(".")[1] / f"{name.split('.')[2]}.py"
    assert module.COMPILED == bool(_built(source)), (module.__file__, _built(source))
    assert not as_python(module).COMPILED


@pytest.mark.parametrize("name", MODULES)
def test_the_build_is_not_older_than_its_source(name):
    if not (PACKAGE.parents[1] / "pyproject.toml").exists():
        pytest.skip("installed from a wheel, not built in a checkout")  # (files carry their unpack times)
    source = PACKAGE / name.split(".")[1] / f"{name.split('.')[2]}.py"
    for built in _built(source):
        assert built.stat().st_mtime >= source.stat().st_mtime, f"rebuild: {built.name} is older than {source.name}"


def test_every_typed_module_runs_as_python_without_cython(tmp_path):
    """Where Cython is not installed, the plain Python must load, through the shim of what
    the modules use of `cython`."""
    (tmp_path / "cython.py").write_text("raise ImportError('not installed here')\n")
    code = ("import importlib.util, sys\n"
            "for path in sys.argv[1:]:\n"
            "    package = 'ficarchive.' + path.replace('\\\\', '/').split('/')[-2]\n"
            "    name = package + '._plain_' + path.replace('\\\\', '/').split('/')[-1][:-3]\n"
            "    spec = importlib.util.spec_from_file_location(name, path)\n"
            "    module = importlib.util.module_from_spec(spec)\n"
            "    spec.loader.exec_module(module)\n"
            "print('loaded', len(sys.argv) - 1)\n")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), *sys.path]))
    sources = [str(p) for p in SOURCES]
    run = subprocess.run([sys.executable, "-c", code, *sources], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == f"loaded {len(sources)}"
