"""The typed parts of speaker attribution and of search (`SOURCES`, in Cython's
pure-Python mode) compiled to C at install. The extension is optional: where
no C compiler or Cython is at hand the package installs anyway and runs the
same file as plain Python, slower, with the same answers. Everything else
about the package is in pyproject.toml."""
import os
import sys

from setuptools import Extension, setup

SOURCES = ["src/ficarchive/dialogue/beam.py", "src/ficarchive/dialogue/salience.py",
           "src/ficarchive/dialogue/features.py", "src/ficarchive/dialogue/quote_scan.py",
           "src/ficarchive/dialogue/sieve_index.py", "src/ficarchive/dialogue/conversation.py",
           "src/ficarchive/dialogue/slot_index.py",
           "src/ficarchive/dialogue/name_acts.py", "src/ficarchive/dialogue/word_spans.py",
           "src/ficarchive/dialogue/layout_scan.py",
           "src/ficarchive/dialogue/tag_scan.py", "src/ficarchive/dialogue/typed_arrays.py",
           "src/ficarchive/library/typed_loops.py", "src/ficarchive/library/shingle_scan.py",
           "src/ficarchive/fandom/name_scan.py",
           "src/ficarchive/understand/text_scan.py",
           "src/ficarchive/structure/char_scan.py"]


def extensions():
    try:
        from Cython.Build import cythonize
    except ImportError:
        print("ficarchive: Cython not found; the typed modules run as plain Python", file=sys.stderr)
        return []
    # Keep `a * b + c` two roundings, as Python computes it, so compiled and
    # plain runs give the same bits (GCC and Clang fuse it where the CPU has FMA).
    flags = [] if os.name == "nt" else ["-ffp-contract=off"]
    modules = [Extension(path[len("src/"):-len(".py")].replace("/", "."), [path],
                         extra_compile_args=flags, optional=True) for path in SOURCES]
    return cythonize(modules, compiler_directives={"language_level": 3})


setup(ext_modules=extensions())
