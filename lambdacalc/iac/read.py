"""Reading a template with the line of every value: YAML (CloudFormation's short-form tags
`!Ref`, `!GetAtt`, `!Sub`, … read as the long form `{"Ref": …}`, `{"Fn::GetAtt": …}`) or
JSON, through the scenario reader's safe loader (exact Decimals, duplicate keys refused,
bounded aliases)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from lambdacalc.iac.model import TemplateError

MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
Path = tuple[str | int, ...]
KEY = "\x00key"  # marks[(*path, KEY)]: where the key of the value at `path` is written


class Located:
    """Parsed data and the `file:line:col` of each value by its path."""

    def __init__(self, display: str, data: Any, marks: dict[Path, tuple[int, int]]) -> None:
        self.display = display
        self.data = data
        self.marks = marks

    def where(self, path: Path, key: bool = False) -> str:
        """`file:line:col` of the value at `path` (or of its key in its mapping)."""
        if key and (*path, KEY) in self.marks:
            line, col = self.marks[(*path, KEY)]
            return f"{self.display}:{line}:{col}"
        for n in range(len(path), -1, -1):
            mark = self.marks.get(tuple(path[:n]))
            if mark is not None:
                return f"{self.display}:{mark[0]}:{mark[1]}"
        return self.display


def read(path: str, what: str = "template") -> Located:
    from lambdacalc.input_files import read_text

    display, text = read_text(path, what, TemplateError, MAX_TEMPLATE_BYTES)
    if not text.strip():
        raise TemplateError(f"{display}: empty file; expected a {what}")
    return parse(display, text)


def parse(display: str, text: str) -> Located:
    import yaml

    from lambdacalc.errors import ScenarioError
    from lambdacalc.scenario import Source, _check_nodes, _loader_class

    is_json = text.lstrip().startswith("{")
    loader = _loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise TemplateError(f"{display}: empty document")
        _check_nodes(node, Source(display, text, is_json))
        marks: dict[Path, tuple[int, int]] = {}
        data = _build(node, (), marks, loader)
        return Located(display, data, marks)
    except ScenarioError as exc:
        raise TemplateError(str(exc)) from None
    except yaml.MarkedYAMLError as exc:
        if is_json:
            return _json(display, text)
        mark = exc.problem_mark or exc.context_mark
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark else display
        raise TemplateError(f"{where}: not valid YAML ({exc.problem or exc.context})") from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"{display}: not valid YAML ({exc})") from None
    except RecursionError:
        raise TemplateError(f"{display}: nested too deeply to be a template") from None
    finally:
        loader.dispose()


def _json(display: str, text: str) -> Located:
    """JSON that YAML cannot read (rare: tabs, some escapes): no line numbers then."""
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"{display}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    return Located(display, data, {})


def _intrinsic(tag: str) -> str:
    name = tag[1:]
    return name if name in ("Ref", "Condition") else f"Fn::{name}"


def _build(node: Any, path: Path, marks: dict[Path, tuple[int, int]], loader: Any) -> Any:
    import yaml

    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    tag = node.tag or ""
    if isinstance(node, yaml.MappingNode):
        value: Any = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            if key == "<<":
                merged = _build(value_node, path, {}, loader)
                if isinstance(merged, dict):
                    for k, v in merged.items():
                        value.setdefault(k, v)
                continue
            value[key] = _build(value_node, (*path, key), marks, loader)
            marks[(*path, key, KEY)] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
    elif isinstance(node, yaml.SequenceNode):
        value = [_build(v, (*path, i), marks, loader) for i, v in enumerate(node.value)]
    elif tag.startswith("!"):
        value = node.value
    else:
        value = loader.construct_object(node, deep=True)
    if tag.startswith("!") and not tag.startswith("!!"):
        if tag == "!GetAtt" and isinstance(value, str):
            value = value.split(".", 1)
        return {_intrinsic(tag): value}
    return value
