"""Reading a scenario: the text (file or stdin), parsed to plain data, kept to locate problems.

YAML is parsed with libyaml when present; floats are read as exact Decimals, duplicate keys
are errors (YAML would silently keep the last), and alias expansion is bounded so that a
"billion laughs" file fails at once instead of eating memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from lambdacalc.errors import ScenarioError
from lambdacalc.input_files import read_text
from lambdacalc.structured import NumberError, check_depth, json_place, to_decimal, to_int

MAX_FILE_BYTES = 20 * 1024 * 1024


class Source:
    """The text a scenario came from, kept to locate problems after parsing. (A plain
    class, not a dataclass: `dataclasses` imports `inspect`, with ast, dis and tokenize,
    about a tenth of a small `cost` run's instructions.)"""

    __slots__ = ("_node", "display", "is_json", "origins", "text")

    def __init__(
        self,
        display: str,  # the path as the user gave it, or <stdin>
        text: str,
        is_json: bool,
        *,
        origins: dict[tuple[str | int, ...], str] | None = None,
    ) -> None:
        self.display = display
        self.text = text
        self.is_json = is_json
        self._node: Any = None  # the YAML node tree, composed when a place is asked for
        # Values that came from elsewhere than this text: their path -> where they came
        # from (`--set KEY=VALUE`, or FILE:LINE in a template or usage file for `import`).
        self.origins: dict[tuple[str | int, ...], str] = {} if origins is None else origins

    def __repr__(self) -> str:
        return f"Source({self.display!r}, is_json={self.is_json})"

    def _origin(self, at: tuple[str | int, ...]) -> str | None:
        if at in ((), ("functions",)):
            return None
        for n in range(len(at), 0, -1):  # the value itself, else the nearest mapping holding it
            if at[:n] in self.origins:
                return self.origins[at[:n]]
        for changed, origin in self.origins.items():  # a value set inside this mapping
            if changed[: len(at)] == at:
                return origin
        return None

    def node(self) -> Any:
        if self._node is None:
            from lambdacalc.structured import compose_yaml

            self._node = compose_yaml(self.text)
        return self._node

    def where(self, path: Iterable[str | int], key: bool = False) -> str:
        """`file:line:col` of the value at `path` (or of its key), as precisely as known;
        or where a value came from elsewhere (`origins`: `--set KEY=VALUE`, a template's line)."""
        if self.origins:
            found = self._origin(tuple(path))
            if found is not None:
                return found
        node = self.node()
        mark = None if node is None else getattr(node, "start_mark", None)
        for segment in path:
            child, key_node = _child(node, segment)
            if child is None:
                break
            node = child
            mark = key_node.start_mark if key and key_node is not None else child.start_mark
        if mark is None:
            return self.display
        return f"{self.display}:{mark.line + 1}:{mark.column + 1}"


def _child(node: Any, segment: str | int) -> tuple[Any, Any]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in reversed(node.value):
            if getattr(key_node, "value", None) == str(segment):
                return value_node, key_node
        for key_node, value_node in node.value:  # merge keys (<<: *defaults)
            if getattr(key_node, "value", None) == "<<":
                found = _child(value_node, segment)
                if found[0] is not None:
                    return found
    if (
        isinstance(node, yaml.SequenceNode)
        and isinstance(segment, int)
        and 0 <= segment < len(node.value)
    ):
        return node.value[segment], None
    return None, None


def read_source(path: str) -> Source:
    """Read a scenario from a file or `-` (stdin) with every failure named."""
    display, text = read_text(path, "scenario", ScenarioError, MAX_FILE_BYTES)
    if not text.strip():
        raise ScenarioError(f"{display}: empty file; a scenario needs at least `functions:`")
    is_json = path.lower().endswith(".json") or text.lstrip().startswith("{")
    return Source(display, text, is_json)


def parse(source: Source) -> Any:
    """Text → plain data (dicts, lists, str, int, Decimal, bool, None)."""
    if source.is_json:
        return _parse_json(source)
    return _parse_yaml(source)


def _parse_json(source: Source) -> Any:
    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out = dict(items)  # built in C; a key given twice leaves it shorter
        if len(out) == len(items):
            return out
        out = {}
        for k, v in items:
            if k in out:
                node = source.node()  # JSON is YAML: find the line and column there
                if node is not None:
                    _check_nodes(node, source)
                raise ScenarioError(
                    f"{source.display}: key '{k}' appears twice in one object; keep one"
                )
            out[k] = v
        return out

    try:
        data = json.loads(
            source.text,
            parse_float=to_decimal,
            parse_int=to_int,
            parse_constant=Decimal,
            object_pairs_hook=pairs,
        )
    except NumberError as exc:
        raise ScenarioError(f"{json_place(source.text, source.display, exc.text)}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            f"{source.display}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise ScenarioError(f"{source.display}: nested too deeply to be a scenario") from None
    check_depth(data, source.display, ScenarioError, "a scenario")
    return data


def _parse_yaml(source: Source) -> Any:
    from lambdacalc.structured import load_yaml

    data, node = load_yaml(source.text, source.display, ScenarioError, "a scenario")
    if node is None:
        raise ScenarioError(f"{source.display}: empty document; a scenario needs `functions:`")
    source._node = node
    return data


def _check_nodes(root: Any, source: Source) -> None:
    from lambdacalc.structured import check_nodes

    check_nodes(root, source.display, ScenarioError, "a scenario")
