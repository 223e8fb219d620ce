"""A library command starts without loading the stages it does not use: the parsing,
understanding and dialogue stages and scipy (through datasketch) took two to four seconds of
every `ficarchive search` before any work was done."""
from __future__ import annotations

import json
import subprocess
import sys

_HEAVY = ("scipy", "datasketch", "ficarchive.understand", "ficarchive.dialogue.attribute",
          "ficarchive.structure.build", "ficarchive.pipeline", "pyarrow", "ficarchive.export.epub")


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, check=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_the_cli_loads_no_stage_it_may_not_need():
    loaded = _loaded_after("import ficarchive.cli")
    assert "ficarchive.library" in loaded and "ficarchive.cli.export" in loaded  # the commands are registered
    assert not [m for m in _HEAVY if m in loaded]


def test_a_search_loads_no_parsing_or_understanding(tmp_path):
    loaded = _loaded_after(
        "from ficarchive import Library\n"
        f"lib = Library({str(tmp_path / 'lib.db')!r})\n"
        "lib.search('lantern words:>100 complete:yes', facets=True)\n"
        "lib.search('-rating:explicit', facets=True)")
    assert not [m for m in _HEAVY if m in loaded]
