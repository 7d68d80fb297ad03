"""Reading a template with the line of every value: YAML (CloudFormation's short-form tags
`!Ref`, `!GetAtt`, `!Sub`, … read as the long form `{"Ref": …}`, `{"Fn::GetAtt": …}`) or
JSON, through the one bounded reader every input file goes through (lambdacalc.structured:
exact Decimals, bounded numbers and nesting, duplicate keys refused, bounded aliases, YAML
1.2 booleans and numbers)."""

from __future__ import annotations

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
    return parse(display, text, "a usage file" if what == "usage" else f"a {what}")


def parse(display: str, text: str, what: str = "a template") -> Located:
    """Template text → data and places, through the one bounded reader (structured.py):
    numbers bounded, nesting bounded, duplicate keys refused, aliases bounded, YAML 1.2
    booleans and numbers."""
    from lambdacalc.structured import load_json, load_yaml

    marks: dict[Path, tuple[int, int]] = {}
    if text.lstrip().startswith("{"):
        data = load_json(text, display, TemplateError, what)
        _json_marks(text, marks)
        return Located(display, data, marks)

    def build(loader: Any, node: Any) -> Any:
        return _build(node, (), marks, loader)

    data, node = load_yaml(text, display, TemplateError, what, build=build)
    if node is None:
        raise TemplateError(f"{display}: empty document")
    return Located(display, data, marks)


def _json_marks(text: str, marks: dict[Path, tuple[int, int]]) -> None:
    """The places of a JSON document's values, read from its YAML node tree (JSON is YAML;
    the data itself came from the JSON reader). Left empty when YAML cannot read the text
    (tabs, some escapes): messages then name the file without a line."""
    import yaml

    from lambdacalc.structured import compose_yaml

    root = compose_yaml(text)
    stack: list[tuple[Any, Path]] = [(root, ())] if root is not None else []
    while stack:
        node, path = stack.pop()
        marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value)
                marks[(*path, key, KEY)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
                stack.append((value_node, (*path, key)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((v, (*path, i)) for i, v in enumerate(node.value))


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
