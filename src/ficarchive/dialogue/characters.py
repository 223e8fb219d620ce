"""Read a characters file: `[{"id", "name", "aliases", "gender"}]` (LitBank's
characters.json format; `narrator: true` may mark the first-person narrator)."""
from __future__ import annotations

import json
import re
from pathlib import Path

from ..errors import FicError
from .cast import CastMember

_GENDERS = {"male": "male", "female": "female", "m": "male", "f": "female"}
_ID_NUMBER = re.compile(r"-\d+$")


def load_characters(path: str | Path) -> list[CastMember]:
    """The cast in a characters file; FicError with a one-line reason if it is not one."""
    shown = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FicError(shown, "no such characters file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise FicError(shown, f"cannot read the characters file ({exc})") from None
    except json.JSONDecodeError as exc:
        raise FicError(shown, f"not JSON (line {exc.lineno}: {exc.msg})") from None
    return cast_from_json(data, shown)


def cast_from_json(data, shown: str = "characters") -> list[CastMember]:
    if not isinstance(data, list):
        raise FicError(shown, "a characters file is a JSON list of {id, name, aliases, gender}")
    cast = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not item["id"]:
            raise FicError(shown, f"character {n} has no string 'id'")
        name = item.get("name")
        aliases = item.get("aliases") or []
        if name is not None and not isinstance(name, str):
            raise FicError(shown, f"character {item['id']!r}: 'name' is not a string")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise FicError(shown, f"character {item['id']!r}: 'aliases' is not a list of strings")
        gender = item.get("gender")
        gender = _GENDERS.get(gender.lower()) if isinstance(gender, str) else None
        narrator = item.get("narrator")
        if not isinstance(narrator, bool):
            narrator = _called_narrator(item["id"], name, aliases)
        cast.append(CastMember(item["id"], name, tuple(aliases), gender, narrator))
    return cast


def _called_narrator(member_id: str, name: str | None, aliases: list[str]) -> bool:
    """A character the file itself calls `narrator` or `I`."""
    for label in (_ID_NUMBER.sub("", member_id), name or "", *aliases):
        words = [w.lower() for w in re.split(r"[\s_]+", label) if w]
        if "narrator" in words or words == ["i"]:
            return True
    return False
