"""Import spaCy and underthesea without the parts of them that chitieu never uses.

Most of the start-up of one small document was spent importing code that never runs:

- ``import spacy`` imports spaCy's command-line tools (``spacy.cli``: typer, weasel,
  requests, the project and download commands; about 0.2 s) only to re-export
  ``spacy.info``.
- ``import underthesea`` imports every pipeline it has (NER, chunking, classification,
  translation, an agent and its HTTP clients; 0.2-0.3 s) to re-export them; chitieu
  uses ``word_tokenize`` and ``pos_tag``.

``install()`` puts a finder on ``sys.meta_path`` that acts on the first import of each,
wherever it comes from, and on nothing else:

- spaCy: while spaCy's own ``__init__`` runs, ``spacy.cli`` and ``spacy.cli.info`` are
  placeholders, and ``spacy.info`` imports the real one when called. Once spaCy is
  imported they are gone from ``sys.modules``: a later ``import spacy.cli`` gets the real tools.
- underthesea: the package is made without running its ``__init__``. ``word_tokenize``
  and ``pos_tag`` come from their own modules when first asked for; asking for any
  other name runs the real ``__init__`` first, so every name of underthesea still works.

Either falls back to the ordinary import when the package is not laid out as expected
(another version of it): spaCy's ``__init__`` is run again without placeholders if it
fails with them, and underthesea's real ``__init__`` runs if a name's own module is not
where it was.

``when_imported("spacy", register)`` runs ``register`` once spaCy is imported (at once if it
is): a module that registers a spaCy component need not import spaCy itself, so using
its plain functions (the bodies gazetteer, for the tables) costs no spaCy.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import os
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any

# underthesea's names and the modules that define them. text_normalize goes first:
# underthesea's own __init__ imports it before word_tokenize, whose regex tokenizer
# and text_normalize import each other.
UNDERTHESEA_NAMES = {
    "word_tokenize": ("underthesea.pipeline.text_normalize", "underthesea.pipeline.word_tokenize"),
    "pos_tag": ("underthesea.pipeline.text_normalize", "underthesea.pipeline.pos_tag"),
}


class _Finder(importlib.abc.MetaPathFinder):
    """Finds ``spacy`` and ``underthesea`` as the path finder does, with a loader of its own,
    the first time each is imported; then it leaves ``sys.meta_path``."""

    def __init__(self) -> None:
        self.pending = {name: loader for name, loader in _LOADERS.items() if name not in sys.modules}

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        lean = self.pending.pop(name, None) if path is None else None
        if lean is None:
            return None
        if not self.pending and self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = _find_elsewhere(self, name)
        if spec is None or not hasattr(spec.loader, "exec_module"):
            return spec  # not installed, or a legacy loader: the import system's own way
        if not spec.submodule_search_locations:
            lean = _Lean  # not the package expected: imported as it is, the callbacks after
        spec.loader = lean(spec.loader)
        return spec


def _find_elsewhere(finder: _Finder, name: str) -> importlib.machinery.ModuleSpec | None:
    """The spec of top-level module ``name`` as the finders after ``finder`` give it."""
    for other in list(sys.meta_path):
        if other is not finder and hasattr(other, "find_spec"):
            spec = other.find_spec(name, None)
            if spec is not None:
                return spec
    return None


class _Lean(importlib.abc.Loader):
    """The package's own loader, and the ``when_imported`` callbacks once it has run."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def __getattr__(self, name: str) -> Any:  # get_data, get_resource_reader ...: the package's own
        return getattr(self.loader, name)

    def exec_module(self, module: types.ModuleType) -> None:
        self.run(module)
        for callback in _CALLBACKS.pop(module.__name__, []):
            callback()

    def run(self, module: types.ModuleType) -> None:
        self.loader.exec_module(module)


class _SpacyWithoutCli(_Lean):
    def run(self, module: types.ModuleType) -> None:
        placeholders = _spacy_placeholders(module)
        try:
            self.loader.exec_module(module)
        except Exception:  # another spaCy, which wants more of its cli: imported as it is
            _drop(module, placeholders)
            self.loader.exec_module(module)
        finally:
            _drop(module, placeholders)


def _drop(spacy: types.ModuleType, placeholders: dict[str, types.ModuleType]) -> None:
    for name, stub in placeholders.items():
        if sys.modules.get(name) is stub:
            del sys.modules[name]
        if name == "spacy.cli" and spacy.__dict__.get("cli") is stub:
            del spacy.__dict__["cli"]
    if "cli" not in spacy.__dict__ and "__getattr__" not in spacy.__dict__:
        spacy.__getattr__ = _spacy_attribute  # type: ignore[attr-defined]


def _spacy_attribute(name: str) -> Any:
    """``spacy.cli`` (``spacy.cli.download(...)``) imported when first asked for, as a plain
    ``import spacy`` would have it."""
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute '{name}'")


def _spacy_placeholders(spacy: types.ModuleType) -> dict[str, types.ModuleType]:
    cli = types.ModuleType("spacy.cli", "placeholder while spaCy imports (pipeline.nlp.lean_imports)")
    # Its real submodules stay importable (they would be real modules, kept after the import).
    cli.__path__ = [os.path.join(folder, "cli") for folder in spacy.__path__]
    info_module = types.ModuleType("spacy.cli.info", cli.__doc__)

    def info(*args: Any, **kwargs: Any) -> Any:
        """spaCy's ``spacy.info``, imported when called."""
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info_module.info = info  # type: ignore[attr-defined]
    placeholders = {"spacy.cli": cli, "spacy.cli.info": info_module}
    if any(name in sys.modules for name in placeholders):  # a reload: the real ones are there
        return {}
    sys.modules.update(placeholders)
    return placeholders


class _UndertheseaOnDemand(_Lean):
    def run(self, module: types.ModuleType) -> None:
        module.__getattr__ = _underthesea_attribute(module, self.loader)  # type: ignore[method-assign]


# Dunder names that underthesea's __init__ defines; other dunders (looked for by the import
# system, inspect, pickle ...) are simply absent, as on any module.
UNDERTHESEA_DUNDERS = frozenset({"__all__", "__version__", "__author__", "__email__"})


def _underthesea_attribute(module: types.ModuleType, loader: Any) -> Callable[[str], Any]:
    def attribute(name: str) -> Any:
        if name.startswith("__") and name not in UNDERTHESEA_DUNDERS:
            raise AttributeError(f"module 'underthesea' has no attribute '{name}'")
        where = UNDERTHESEA_NAMES.get(name)
        try:
            for submodule in where or ():
                importlib.import_module(submodule)
            value = getattr(sys.modules[where[-1]], name) if where else None
        except (ImportError, AttributeError):  # another underthesea: its own __init__ says where
            where = None
        if where is None:  # any other name: underthesea as it is, every name defined
            module.__dict__.pop("__getattr__", None)
            loader.exec_module(module)
            return getattr(module, name)
        setattr(module, name, value)
        return value

    return attribute


_LOADERS: dict[str, type[_Lean]] = {"spacy": _SpacyWithoutCli, "underthesea": _UndertheseaOnDemand}
_CALLBACKS: dict[str, list[Callable[[], None]]] = {}


def when_imported(name: str, callback: Callable[[], None]) -> None:
    """Call ``callback`` now if ``name`` (spacy) is imported, else right after its first import."""
    if name in sys.modules or not any(name in getattr(f, "pending", ()) for f in sys.meta_path):
        callback()  # imported, or imported where this module cannot see it: now, as a plain import would
    else:
        _CALLBACKS.setdefault(name, []).append(callback)


def install() -> None:
    """Make the first imports of spaCy and underthesea in this process lean (see the module)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        finder = _Finder()
        if finder.pending:
            sys.meta_path.insert(0, finder)
