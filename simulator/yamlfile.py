"""Load YAML data files with line numbers, so validation can say "file:line: what to write"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import BankError

MAX_FILE_BYTES = 2_000_000


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the line of each key (1-based) and its own line."""

    line: int = 0
    key_lines: dict[str, int]


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Safe loading, with libyaml's parser when PyYAML has it (about ten times faster)."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    out = LineDict()
    out.line = node.start_mark.line + 1
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise BankError(f"line {key_node.start_mark.line + 1}: keys must be plain words")
        key = str(key)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)  # type: ignore[arg-type]


def load_yaml(path: Path, what: str) -> Any:
    """Parse a YAML file; any failure is a BankError naming the file and line."""
    if not path.is_file():
        raise BankError(f"{what} file {path} does not exist", "check the path")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise BankError(f"{path} is {size // 1_000_000} MB, too large for a {what}",
                        f"keep {what} files under {MAX_FILE_BYTES // 1_000_000} MB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise BankError(f"{path} is not UTF-8 text", f"save the {what} as UTF-8 YAML") from exc
    if text.count("&") > 50 and text.count("*") > 50:
        raise BankError(f"{path} uses many YAML aliases", "write the values out in full; aliases are not needed")
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 0
        raise BankError(f"{path}:{line}: not valid YAML ({exc.problem})",
                        "check the indentation and quoting on that line") from exc
    except yaml.YAMLError as exc:
        raise BankError(f"{path}: not valid YAML ({exc})", "check the file's syntax") from exc
    except RecursionError as exc:
        raise BankError(f"{path}: nesting too deep", "flatten the file") from exc


class Problems:
    """Collects every validation problem, then raises one BankError listing them all on one line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.items: list[str] = []

    def add(self, line: int, message: str) -> None:
        self.items.append(f"line {line}: {message}")

    def raise_if_any(self, what: str) -> None:
        if not self.items:
            return
        shown = "; ".join(self.items[:12])
        more = f"; and {len(self.items) - 12} more" if len(self.items) > 12 else ""
        count = f"{len(self.items)} problem{'s' if len(self.items) > 1 else ''}"
        raise BankError(f"{what} {self.path} has {count}: {shown}{more}")


def builtin_files(folder: Path) -> dict[str, Path]:
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def resolve_data_file(spec: str, folder: Path, what: str, option: str) -> Path:
    """A built-in id (a YAML file's stem in ``folder``) or a path to a YAML file."""
    from .errors import UsageError

    builtin = builtin_files(folder)
    if spec in builtin:
        return builtin[spec]
    path = Path(spec).expanduser()
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    raise UsageError(f"no {what} '{spec}'", f"use {option} with one of {', '.join(builtin) or 'none'} or a path to a .yaml file")


def line_of(d: Any, key: str | None = None) -> int:
    if isinstance(d, LineDict):
        if key is not None and key in d.key_lines:
            return d.key_lines[key]
        return d.line
    return 0
