"""The fandom knowledge base: YAML files in, validated lookup tables out.

The shipped files live in `ficarchive/knowledge/fandoms/`; a user folder
(`$FICARCHIVE_KNOWLEDGE`, else `<user config dir>/knowledge`) is read after
them: a file with the same `fandom.name` replaces the shipped one, a new name
adds a fandom. The format is documented in `knowledge/README.md`; every rule
there is checked here and a broken file is a `KnowledgeError` naming the file.
"""
from __future__ import annotations

import hashlib
import itertools
import marshal
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable

import yaml

from ..cache import cache_dir
from ..resources import parse_yaml


GENDERS = ("female", "male", "nonbinary", "unknown")
PARTS = ("main", "recurring", "minor")
AMBIGUITY = ("word", "role")
KINDS = ("romantic", "platonic")
_TOP_KEYS = {"fandom", "characters", "relationships"}
_FANDOM_KEYS = {"name", "abbreviations", "related", "keywords"}
_CHARACTER_KEYS = {"tag", "first", "last", "gender", "aliases", "recurring"}
_ALIAS_KEYS = {"name", "ambiguous", "used_by"}
_RELATIONSHIP_KEYS = {"shorthand", "members", "kind"}


class KnowledgeError(Exception):
    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class Alias:
    name: str
    ambiguous: str | None = None  # None | "word" | "role"
    used_by: tuple[str, ...] = ()


@dataclass
class Character:
    tag: str
    fandom: str
    first: str | None
    last: str | None
    gender: str
    aliases: list[Alias]
    recurring: str

    @property
    def short_name(self) -> str:
        """The tag without its ` (Fandom)` disambiguator: `Spike`."""
        return re.sub(r"\s*\([^)]*\)\s*$", "", self.tag)


@dataclass
class Relationship:
    shorthand: list[str]
    members: tuple[str, ...]
    kind: str
    fandom: str

    @property
    def tag(self) -> str:
        return (" & " if self.kind == "platonic" else "/").join(self.members)


@dataclass
class Fandom:
    name: str
    abbreviations: list[str]
    related: list[str]
    keywords: list[str]
    characters: list[Character] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    path: str = ""


def lookup_key(text: str) -> str:
    """How typed names are compared: case, spaces and punctuation ignored."""
    return re.sub(r"[\W_]+", "", text.casefold())


class Knowledge:
    """Every fandom, character and relationship, and the lookups over them."""

    def __init__(self, fandoms: Iterable[Fandom]):
        self.fandoms: dict[str, Fandom] = {f.name: f for f in fandoms}
        self.characters: dict[str, Character] = {}
        for f in self.fandoms.values():
            for c in f.characters:
                self.characters.setdefault(c.tag, c)
        self._fandom_keys: dict[str, str] = {}
        for f in self.fandoms.values():
            for name in [f.name, *f.abbreviations]:
                self._fandom_keys.setdefault(lookup_key(name), f.name)
        self._character_keys = self._index_characters()
        self._relationship_keys = self._index_relationships()
        self._universes = {name: universe_of(name, self.fandoms) for name in self.fandoms}

    # -- resolvers: what people type -> canonical tags ------------------------
    def resolve_fandom(self, text: str) -> list[str]:
        name = self._fandom_keys.get(lookup_key(text))
        return [name] if name else []

    def resolve_character(self, text: str, fandoms: Iterable[str] = ()) -> list[str]:
        tags = self._character_keys.get(lookup_key(text), [])
        return self._prefer(tags, fandoms, lambda t: self.characters[t].fandom)

    def resolve_relationship(self, text: str, fandoms: Iterable[str] = ()) -> list[str]:
        """`Spuffy`, `B/S`, `Buffy/Spike`, `spike x buffy` -> canonical tags.

        Known shorthand first; otherwise each side is resolved as a character
        and the pair is written in canonical form (romantic `/`, platonic `&`)."""
        text = text.strip()
        parts, platonic = split_relationship(text)
        known = self._relationship_keys.get(text) or self._relationship_keys.get(lookup_key(text))
        if known:
            if len(parts) > 1:  # the separator says which kind was meant
                kind = [t for t in known if ("&" in t) == platonic]
                known = kind or known
            return self._prefer(known, fandoms, lambda t: self._relationship_fandom[t])
        if len(parts) < 2:
            return []
        options = []
        for part in parts:
            found = self.resolve_character(part, fandoms)
            if len(found) != 1 and _is_initials(text):
                found = self._by_initial(part, fandoms)
            if not found:
                return []
            options.append(found)
        combos = [list(c) for c in itertools.product(*options) if len(set(c)) == len(c)]
        if len(combos) > 1:  # `B/W`: of the readings, keep the ones fans actually ship
            combos = [c for c in combos if frozenset(c) in self._by_members] or combos
        if len(combos) != 1:
            return []
        return [self.relationship_tag(combos[0], platonic)]

    def _by_initial(self, initial: str, fandoms: Iterable[str]) -> list[str]:
        """`B` in `B/W`: the one main character of these fandoms with that initial."""
        fandoms = set(fandoms)
        wider = {u for f in fandoms for u in self.universe(f)}
        for where in (fandoms, wider):
            for part in ("main", "recurring"):
                found = [c.tag for c in self.characters.values()
                         if c.fandom in where and c.recurring == part
                         and c.short_name.startswith(initial) and c.short_name[len(initial):][:1].islower()]
                if found:
                    return found
        return []

    def relationship_tag(self, members: list[str], platonic: bool) -> str:
        """The canonical tag for these members: a known ship's own order, else as given."""
        for rel in self._by_members.get(frozenset(members), []):
            if (rel.kind == "platonic") == platonic:
                return rel.tag
        return (" & " if platonic else "/").join(members)

    def fandom_of(self, tag: str) -> str | None:
        c = self.characters.get(tag)
        if c:
            return c.fandom
        return self._relationship_fandom.get(tag)

    def universe(self, fandom: str) -> list[str]:
        """The fandom and those it names (or that name it) as related."""
        return self._universes.get(fandom) or [fandom]

    # -- indexes ---------------------------------------------------------------
    def _index_characters(self) -> dict[str, list[str]]:
        keys: dict[str, list[str]] = {}

        def add(name: str | None, tag: str) -> None:
            if name:
                bucket = keys.setdefault(lookup_key(name), [])
                if tag not in bucket:
                    bucket.append(tag)

        for c in self.characters.values():
            add(c.tag, c.tag)
            add(c.short_name, c.tag)
            add(c.first, c.tag)
            if c.first and c.last:
                add(f"{c.first} {c.last}", c.tag)
            for a in c.aliases:
                add(a.name, c.tag)
        return keys

    def _index_relationships(self) -> dict[str, list[str]]:
        keys: dict[str, list[str]] = {}
        self._relationship_fandom: dict[str, str] = {}
        self._by_members: dict[frozenset, list[Relationship]] = {}
        for f in self.fandoms.values():
            for rel in f.relationships:
                self._relationship_fandom[rel.tag] = rel.fandom
                self._by_members.setdefault(frozenset(rel.members), []).append(rel)
                for short in [*rel.shorthand, rel.tag]:
                    # initials (`B/S`) only case-sensitively; names and portmanteaus loosely
                    key = short if _is_initials(short) else lookup_key(short)
                    bucket = keys.setdefault(key, [])
                    if rel.tag not in bucket:
                        bucket.append(rel.tag)
        return keys

    @staticmethod
    def _prefer(tags: list[str], fandoms: Iterable[str], fandom_of) -> list[str]:
        fandoms = set(fandoms)
        if fandoms and len(tags) > 1:
            inside = [t for t in tags if fandom_of(t) in fandoms]
            if inside:
                return inside
        return list(tags)


def split_relationship(text: str) -> tuple[list[str], bool]:
    """`Buffy/Spike` -> (['Buffy', 'Spike'], False); `Buffy & Willow` -> platonic."""
    platonic = "&" in text and "/" not in text
    parts = [p.strip() for p in re.split(r"\s*/\s*|\s+[xX×]\s+|\s*&\s*", text) if p.strip()]
    return parts, platonic


def _is_initials(text: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][a-z]?(?:\s*/\s*[A-Z][a-z]?)+", text.strip()))


# -- loading ---------------------------------------------------------------------
def user_knowledge_dir() -> Path | None:
    env = os.environ.get("FICARCHIVE_KNOWLEDGE")
    if env:
        return Path(env)
    try:
        import platformdirs
    except ImportError:  # optional: the library issue brings it in
        return None
    return Path(platformdirs.user_config_dir("ficarchive")) / "knowledge"


def load_knowledge(extra_dirs: Iterable[str | os.PathLike] = ()) -> Knowledge:
    """The shipped fandoms, then every `*.yaml` in each extra folder on top."""
    shipped = resources.files("ficarchive").joinpath("knowledge").joinpath("fandoms")
    fandoms: dict[str, Fandom] = {}
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            f = read_fandom_file(str(entry), entry.read_text(encoding="utf-8"))
            fandoms[f.name] = f
    for folder in extra_dirs:
        folder = Path(folder)
        if not folder.is_dir():
            continue
        seen: dict[str, str] = {}
        for path in sorted(folder.glob("*.yaml")):
            f = read_fandom_file(str(path), path.read_text(encoding="utf-8"))
            if f.name in seen:
                raise KnowledgeError(str(path), f"fandom {f.name!r} is already defined in {seen[f.name]}")
            seen[f.name] = str(path)
            fandoms[f.name] = f  # same name replaces the shipped file whole
    _check_references(fandoms)
    _check_unique_tags(fandoms)
    return Knowledge(fandoms.values())


def _parsed(path: str, text: str):
    """The YAML of a knowledge file, from the user's cache when this exact text was read before:
    parsing YAML was three quarters of loading the knowledge (0.5 of 0.66 s), which every
    command that resolves a tag and every import worker pays. The cache holds `marshal` data
    (plain dicts, lists and scalars, which is all safe YAML gives here; it runs no code when
    read, unlike a pickle), named by a hash of the text, so an edited file is simply parsed
    again. Any trouble with the cache and the text is parsed."""
    folder = cache_dir("knowledge")
    name = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest() + ".marshal"
    if folder is not None:
        try:
            return marshal.loads((folder / name).read_bytes())
        except (OSError, EOFError, ValueError, TypeError):
            pass
    try:
        data = parse_yaml(text)
    except yaml.YAMLError as exc:
        raise KnowledgeError(path, f"not valid YAML ({exc.__class__.__name__}: {exc})".split("\n")[0]) from None
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / f"{name}.{os.getpid()}.part"
            part.write_bytes(marshal.dumps(data))
            os.replace(part, folder / name)  # whole or not at all, whoever reads it
        except (OSError, ValueError):  # a read-only home, or a value marshal cannot hold
            pass
    return data


@lru_cache(maxsize=1)
def default_knowledge() -> Knowledge:
    """The shipped knowledge plus the user's folder, loaded once per process."""
    user = user_knowledge_dir()
    return load_knowledge([user] if user else [])


def read_fandom_file(path: str, text: str) -> Fandom:
    data = _parsed(path, text)
    where = _Where(path)
    where.mapping(data, _TOP_KEYS, "the file", required={"fandom", "characters"})
    head = data["fandom"]
    where.mapping(head, _FANDOM_KEYS, "fandom", required={"name"})
    name = where.string(head["name"], "fandom.name")
    fandom = Fandom(
        name=name,
        abbreviations=where.strings(head.get("abbreviations"), "fandom.abbreviations"),
        related=where.strings(head.get("related"), "fandom.related"),
        keywords=where.strings(head.get("keywords"), "fandom.keywords"),
        path=path,
    )
    tags: set[str] = set()
    for i, raw in enumerate(where.list(data.get("characters"), "characters")):
        c = _read_character(where, raw, f"characters[{i}]", name)
        if c.tag in tags:
            raise KnowledgeError(path, f"character tag {c.tag!r} is defined twice")
        tags.add(c.tag)
        fandom.characters.append(c)
    for i, raw in enumerate(where.list(data.get("relationships"), "relationships")):
        at = f"relationships[{i}]"
        where.mapping(raw, _RELATIONSHIP_KEYS, at, required={"shorthand", "members"})
        members = where.strings(raw["members"], f"{at}.members")
        if len(members) < 2:
            raise KnowledgeError(path, f"{at} needs at least two members")
        kind = raw.get("kind") or "romantic"
        where.choice(kind, KINDS, f"{at}.kind")
        fandom.relationships.append(Relationship(
            shorthand=where.strings(raw["shorthand"], f"{at}.shorthand"),
            members=tuple(members), kind=kind, fandom=name))
    return fandom


def _read_character(where: "_Where", raw, at: str, fandom: str) -> Character:
    where.mapping(raw, _CHARACTER_KEYS, at, required={"tag", "gender"})
    aliases = []
    for j, a in enumerate(where.list(raw.get("aliases"), f"{at}.aliases")):
        if isinstance(a, str):
            aliases.append(Alias(a))
            continue
        where.mapping(a, _ALIAS_KEYS, f"{at}.aliases[{j}]", required={"name"})
        ambiguous = a.get("ambiguous")
        if ambiguous is not None:
            where.choice(ambiguous, AMBIGUITY, f"{at}.aliases[{j}].ambiguous")
        aliases.append(Alias(where.string(a["name"], f"{at}.aliases[{j}].name"), ambiguous,
                             tuple(where.strings(a.get("used_by"), f"{at}.aliases[{j}].used_by"))))
    gender = raw["gender"]
    where.choice(gender, GENDERS, f"{at}.gender")
    recurring = raw.get("recurring") or "minor"
    where.choice(recurring, PARTS, f"{at}.recurring")
    return Character(
        tag=where.string(raw["tag"], f"{at}.tag"), fandom=fandom,
        first=_optional_str(where, raw.get("first"), f"{at}.first"),
        last=_optional_str(where, raw.get("last"), f"{at}.last"),
        gender=gender, aliases=aliases, recurring=recurring)


def _optional_str(where: "_Where", value, at: str) -> str | None:
    return None if value is None else where.string(value, at)


def universe_of(fandom: str, fandoms: dict[str, Fandom]) -> list[str]:
    """The fandom and those it names (or that name it) as related, among `fandoms`."""
    names = [fandom]
    f = fandoms.get(fandom)
    if f:
        names += [r for r in f.related if r in fandoms and r not in names]
    names += [g.name for g in fandoms.values() if fandom in g.related and g.name not in names]
    return names


def _check_references(fandoms: dict[str, Fandom]) -> None:
    for f in fandoms.values():
        known = {c.tag for n in universe_of(f.name, fandoms) for c in fandoms[n].characters}
        for rel in f.relationships:
            for m in rel.members:
                if m not in known:
                    raise KnowledgeError(f.path, f"relationship {rel.shorthand[0]!r} names unknown character {m!r}")
        for c in f.characters:
            for a in c.aliases:
                for u in a.used_by:
                    if u not in known:
                        raise KnowledgeError(f.path, f"alias {a.name!r} of {c.tag!r}: used_by names unknown character {u!r}")


def _check_unique_tags(fandoms: dict[str, Fandom]) -> None:
    """A character is defined once, in the fandom where it first appeared."""
    home: dict[str, str] = {}
    for f in fandoms.values():
        for c in f.characters:
            if c.tag in home:
                raise KnowledgeError(f.path, f"character {c.tag!r} is already defined in fandom {home[c.tag]!r}; "
                                             "define it once and list the other fandom under `related`")
            home[c.tag] = f.name


class _Where:
    """Type checks that name the file and the place in it."""

    def __init__(self, path: str):
        self.path = path

    def fail(self, reason: str):
        raise KnowledgeError(self.path, reason)

    def mapping(self, value, allowed: set[str], at: str, required: set[str] = frozenset()) -> None:
        if not isinstance(value, dict):
            self.fail(f"{at} must be a mapping")
        unknown = sorted(set(map(str, value)) - allowed)
        if unknown:
            self.fail(f"{at}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
        missing = sorted(required - set(value))
        if missing:
            self.fail(f"{at}: missing key {missing[0]!r}")

    def list(self, value, at: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(f"{at} must be a list")
        return value

    def string(self, value, at: str) -> str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{at} must be a non-empty string")
        return value.strip()

    def strings(self, value, at: str) -> list[str]:
        return [self.string(v, f"{at}[{i}]") for i, v in enumerate(self.list(value, at))]

    def choice(self, value, allowed: tuple[str, ...], at: str) -> None:
        if value not in allowed:
            self.fail(f"{at} is {value!r}; allowed: {', '.join(allowed)}")
