"""Access to the data files shipped inside the package."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

# libyaml's loader where PyYAML was built with it: the same safe loading, about ten times faster
# (the shipped word lists and tables are read by every import worker as it starts).
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str):
    """`yaml.safe_load`, by libyaml where it is at hand."""
    return yaml.load(text, Loader=YAML_LOADER)


@lru_cache(maxsize=None)
def load_yaml(name: str):
    text = resources.files("ficarchive").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    return parse_yaml(text)
