"""Access to the data files shipped inside the package."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml


@lru_cache(maxsize=None)
def load_yaml(name: str):
    text = resources.files("ficarchive").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return yaml.safe_load(text)
