import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from expectations import SHARED  # noqa: E402


def shared_or_skip() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared/corpus is not present next to the checkout")
    return SHARED
