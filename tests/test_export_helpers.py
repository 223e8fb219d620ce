"""Shared by the export tests: the stories to export, a round-trip comparison,
and epubcheck run over many EPUBs in one Java process."""
from __future__ import annotations

import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from expectations import FIXTURES, SHARED
from ficarchive.export.xhtml import xml_safe
from ficarchive.model import Work
from ficarchive.parse import parse_path

EPUBCHECK_JAR = Path("/usr/share/java/epubcheck.jar")
STYLES = FIXTURES / "styles"
_STORY = re.compile(r"\.(txt|html|epub|md)$")
# Fields every export must carry back (disclaimer has no place in the
# archives' preface that the readers know; see the README's Exports section).
META_FIELDS = ("title", "authors", "series", "fandoms", "rating", "warnings", "categories", "relationships",
               "characters", "additional_tags", "summary", "language", "complete")


def fixture_works() -> list[Work]:
    paths = sorted(p for p in STYLES.iterdir() if _STORY.search(p.name))
    return [w for p in paths for w in parse_path(p) if isinstance(w, Work)]


def corpus_works() -> list[Work]:
    return [w for sub in ("fetched", "seeds") for w in parse_path(SHARED / sub) if isinstance(w, Work)]


def flat(text: str | None) -> str:
    """Text as any HTML reader sees it: runs of spaces (and no-break spaces)
    are one space, characters XML cannot hold are gone."""
    text = xml_safe(text)
    return "\n".join(re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")).strip()


def note_body(text: str) -> str:
    """A note without the label a Markdown body needs to mark it."""
    return re.sub(r"^(?:Chapter|End) notes: ", "", text)


def roundtrip_problems(original: Work, back: Work, markdown: bool = False) -> list[str]:
    problems = []
    for name in META_FIELDS:
        want, got = getattr(original, name), getattr(back, name)
        if name == "title" and want is None:
            want = "Untitled"  # an export needs a title; this is the one it gets
        if want != got:
            problems.append(f"{name}: {want!r} != {got!r}")
    unlabel = note_body if markdown else (lambda t: t)
    want_notes = [(n.position, n.chapter, flat(n.text)) for n in original.notes]
    got_notes = [(n.position, n.chapter, flat(unlabel(n.text))) for n in back.notes]
    if want_notes != got_notes:
        problems.append(f"notes: {want_notes!r:.300} != {got_notes!r:.300}")
    if [c.title for c in original.chapters] != [c.title for c in back.chapters]:
        problems.append(f"chapter titles: {[c.title for c in original.chapters]} != {[c.title for c in back.chapters]}")
    for a, b in zip(original.chapters, back.chapters):
        if flat(a.text) != flat(b.text):
            problems.append(f"chapter {a.number} text differs")
    return problems


# ------------------------------------------------------------------ epubcheck

_BATCH_SOURCE = """
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;

public class CheckMany {
    public static void main(String[] args) throws Exception {
        for (String path : args) {
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new java.io.File(path), report).validate();
            System.out.println("RESULT\\t" + path + "\\t" + report.getFatalErrorCount() + "\\t"
                + report.getErrorCount() + "\\t" + report.getWarningCount());
        }
    }
}
"""


def epubcheck_available() -> bool:
    return EPUBCHECK_JAR.is_file() and shutil.which("java") is not None


def epubcheck_many(paths: list[Path], workdir: Path, fallback_sample: int = 12) -> dict[Path, tuple[int, int, int, str]]:
    """(fatals, errors, warnings, messages) for each EPUB checked. One JVM
    checks them all when Java can run a source file (JEP 330: the Java
    compiler module is present); otherwise each check is a JVM start of
    several seconds, so an evenly spread sample of `fallback_sample` is
    checked, two at a time."""
    source = workdir / "CheckMany.java"
    source.write_text(_BATCH_SOURCE)
    run = subprocess.run(["java", "-cp", str(EPUBCHECK_JAR), str(source)] + [str(p) for p in paths],
                         stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    results = _parse_batch(run.stdout)
    if len(results) == len(paths):
        return results
    step = max(1, len(paths) // fallback_sample)
    sample = paths[::step][:fallback_sample]
    with ThreadPoolExecutor(2) as pool:
        return dict(zip(sample, pool.map(_check_one, sample)))


def _parse_batch(output: str) -> dict[Path, tuple[int, int, int, str]]:
    results, messages = {}, []
    for line in output.splitlines():
        if line.startswith("RESULT\t"):
            _, path, fatals, errors, warnings = line.split("\t")
            results[Path(path)] = (int(fatals), int(errors), int(warnings), "\n".join(messages))
            messages = []
        elif re.match(r"(FATAL|ERROR|WARNING)", line):
            messages.append(line)
    return results


def _check_one(path: Path) -> tuple[int, int, int, str]:
    run = subprocess.run(["java", "-jar", str(EPUBCHECK_JAR), str(path)], capture_output=True, text=True)
    text = run.stdout + run.stderr
    m = re.search(r"Messages: (\d+) fatals? / (\d+) errors? / (\d+) warnings?", text)
    if not m:
        return (1, 0, 0, text[-2000:])
    found = [line for line in text.splitlines() if re.match(r"(FATAL|ERROR|WARNING)", line)]
    return (int(m.group(1)), int(m.group(2)), int(m.group(3)), "\n".join(found))
