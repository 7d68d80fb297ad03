"""Reading JSON and YAML the same safe way for every input file (scenario, price book,
Price List offer, Power Tuning output, Insights export).

One place holds the rules that keep hostile or unusual files from hanging, crashing or being
misread:

- every number is bounded where it is parsed: at most MAX_NUMBER_CHARS characters (Python
  refuses to convert an integer of more than 4,300 digits, and long ones cost time), and a
  non-zero magnitude from 1e-1000 to 1e1000 (a number such as 1e-999999999 is a typo whose
  full decimal spelling would be a gigabyte). Each value's own range (a price, a rate) is
  checked after this by its reader, with a message naming it;
- nesting is bounded (MAX_DEPTH), so recursion never runs out;
- YAML follows the YAML 1.2 core schema for booleans and numbers: the YAML 1.1 forms whose
  meaning differs between readers (yes/no/on/off, 017 read as octal, 12:30:00 read as base 60,
  0b101) are refused with a hint instead of silently becoming true, 15 or 45000;
- YAML duplicate keys are errors, and alias expansion is bounded ("billion laughs").

Errors are raised as the caller's LambdacalcError subclass, one line, naming the file and,
for YAML, the line and column. The number bounds live in `bounded_numbers` and the YAML loader
in `yaml_loader`; this module re-exports what its callers import from it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from decimal import Decimal
from operator import attrgetter, itemgetter
from typing import Any

# re-exported, for the readers that import them from here
from lambdacalc.bounded_numbers import MAX_EXPONENT as MAX_EXPONENT
from lambdacalc.bounded_numbers import MAX_NUMBER_CHARS as MAX_NUMBER_CHARS
from lambdacalc.bounded_numbers import NUMBER_RANGE as NUMBER_RANGE
from lambdacalc.bounded_numbers import NumberError as NumberError
from lambdacalc.bounded_numbers import check_decimal as check_decimal
from lambdacalc.bounded_numbers import short as short
from lambdacalc.bounded_numbers import to_decimal as to_decimal
from lambdacalc.bounded_numbers import to_int as to_int
from lambdacalc.errors import LambdacalcError

MAX_DEPTH = 64  # no input lambdacalc reads nests deeper than about 8
MAX_EXPANDED_NODES = 2_000_000


def check_depth(data: Any, display: str, error: type[LambdacalcError], what: str) -> None:
    """Refuse data nested more than MAX_DEPTH levels (iteratively: no recursion)."""
    if not isinstance(data, (dict, list)):
        return
    stack: list[tuple[Any, int]] = [(data, 1)]  # containers only: a fleet has many leaves
    containers = (dict, list)
    scalars = _SCALAR_TYPES
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise error(f"{display}: nested too deeply (over {MAX_DEPTH} levels) to be {what}")
        children = item.values() if isinstance(item, dict) else item
        if scalars.issuperset(map(type, children)):
            continue  # only plain scalars below (a fleet's functions): one C-level look
        depth += 1
        for child in children:
            if isinstance(child, containers):
                stack.append((child, depth))


# What parsed JSON and YAML hold besides containers; a container whose children are all of
# these types has nothing nested below it.
_SCALAR_TYPES = frozenset({str, int, float, bool, Decimal, type(None)})


# --- JSON -------------------------------------------------------------------------------------


def load_json(
    text: str,
    display: str,
    error: type[LambdacalcError],
    what: str,
    hint: str = "",
    *,
    duplicates: bool = True,
) -> Any:
    """JSON text → plain data with Decimal floats and bounded numbers; duplicate keys are
    errors unless `duplicates` is False (large machine-written files)."""

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for k, v in items:
            if k in out:
                node = compose_yaml(text)  # JSON is YAML: find the line and column there
                if node is not None:
                    check_nodes(node, display, error, what)
                raise error(f"{display}: key {json.dumps(k)} appears twice in one object; keep one")
            out[k] = v
        return out

    def constant(name: str) -> Decimal:
        return Decimal(name)

    try:
        data = json.loads(
            text,
            parse_float=to_decimal,
            parse_int=to_int,
            parse_constant=constant,
            object_pairs_hook=pairs if duplicates else None,
        )
    except json.JSONDecodeError as exc:
        raise error(
            f"{display}:{exc.lineno}:{exc.colno}: not valid JSON ({exc.msg}){hint}"
        ) from None
    except NumberError as exc:
        raise error(f"{json_place(text, display, exc.text)}: {exc}") from None
    except RecursionError:
        raise error(f"{display}: nested too deeply to be {what}") from None
    check_depth(data, display, error, what)
    return data


def json_place(text: str, display: str, number: str) -> str:
    """`display:line:col` of the first place `number` is written in JSON `text` as a value
    (not inside a string), or `display` if it cannot be found. The parser stops at the first
    number out of bounds, so the first such place is the one it refused."""
    if not number:
        return display
    token = re.compile(
        r'"(?:[^"\\]|\\.)*"|(?<![\w.+-])' + re.escape(number) + r"(?![\w.])", re.DOTALL
    )
    for match in token.finditer(text):
        if match.group().startswith('"'):
            continue  # a string: text, not the number
        line = text.count("\n", 0, match.start()) + 1
        column = match.start() - text.rfind("\n", 0, match.start())
        return f"{display}:{line}:{column}"
    return display


# --- YAML -------------------------------------------------------------------------------------

# undecodable bytes kept by surrogateescape; compiled by `re` only for non-ASCII text
_SURROGATE = "[\ud800-\udfff]"


def compose_yaml(text: str) -> Any:
    """The node tree of a YAML document (for locating keys), or None if it does not parse."""
    import yaml

    from lambdacalc.yaml_loader import loader_class

    try:
        return yaml.compose(text, Loader=loader_class())
    except (yaml.YAMLError, RecursionError):
        return None


def load_yaml(
    text: str,
    display: str,
    error: type[LambdacalcError],
    what: str,
    *,
    build: Callable[[Any, Any], Any] | None = None,
    located: bool = True,
) -> tuple[Any, Any]:
    """(data, root node) of one YAML document; every problem one line with its place.

    `what` names the document with its article ("a scenario"). `build(loader, node)` makes
    the data from the checked node tree instead of the plain constructor (a template keeps
    its tags and the place of each value); `located=False` leaves line and column out of
    messages (a value given on the command line)."""
    import yaml

    from lambdacalc.yaml_loader import loader_class  # (with yaml: a JSON file needs neither)

    if not text.isascii() and re.search(_SURROGATE, text):
        raise error(f"{display}: not valid UTF-8 text; save it as UTF-8")
    loader = loader_class()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, None
        # without an anchor (`&`) no node is shared: the cheaper walk of a tree will do
        (check_nodes if "&" in text else check_tree)(node, display, error, what, located=located)
        data = build(loader, node) if build else loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = (exc.problem_mark or exc.context_mark) if located else None
        where = f"{display}:{mark.line + 1}:{mark.column + 1}" if mark else display
        problem = exc.problem or exc.context or "syntax error"
        start = exc.context_mark
        if (
            exc.problem
            and exc.context
            and start is not None
            and located
            and (start.line, start.column)
            != (mark.line if mark else -1, mark.column if mark else -1)
        ):
            problem += f"; {exc.context} at line {start.line + 1}, column {start.column + 1}"
        lines = text.splitlines()
        if mark and mark.line < len(lines) and "\t" in lines[mark.line][: mark.column + 1]:
            problem += "; YAML does not allow tabs for indentation, use spaces"
        if getattr(exc, "refused", False):
            raise error(f"{where}: {problem}") from None  # a value lambdacalc refuses
        raise error(f"{where}: not valid YAML ({problem})") from None
    except yaml.YAMLError as exc:
        raise error(f"{display}: not valid YAML ({str(exc).splitlines()[0]})") from None
    except RecursionError:
        raise error(f"{display}: nested too deeply to be {what}") from None
    finally:
        loader.dispose()
    check_depth(data, display, error, what)
    return data, node


def check_nodes(
    root: Any, display: str, error: type[LambdacalcError], what: str, *, located: bool = True
) -> None:
    """Reject duplicate keys, and alias graphs that would expand past a sane size."""
    import yaml

    def at(node: Any) -> str:
        m = node.start_mark
        return f"{display}:{m.line + 1}:{m.column + 1}" if located else display

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()  # entered, children not yet sized: met again = a cycle
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        if not children_done and id(node) in open_nodes:
            raise error(
                f"{at(node)}: this node contains an alias "
                f"to itself (a structure without end); write {what} out without that alias"
            )
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children = (
            [v for pair in node.value for v in pair]
            if isinstance(node, yaml.MappingNode)
            else list(node.value)
        )
        if not children_done:
            if isinstance(node, yaml.MappingNode):
                _check_duplicate_keys(node, at, error)
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in sizes)
            continue
        total = 1 + sum(sizes.get(id(c), 1) for c in children)
        if total > MAX_EXPANDED_NODES:
            raise error(
                f"{at(node)}: aliases expand to more than "
                f"{MAX_EXPANDED_NODES:,} values (a 'billion laughs' file?); write "
                f"{what} without deeply nested aliases"
            )
        sizes[id(node)] = total


def check_tree(
    root: Any, display: str, error: type[LambdacalcError], what: str, *, located: bool = True
) -> None:
    """check_nodes for a document without anchors, where the node graph is a tree: no
    cycle, and its expanded size is its node count. One pass counts the nodes and sees
    whether any mapping's keys are not all distinct; only then (a duplicate, too many
    nodes) does check_nodes walk it again, to find and word the error exactly as always."""
    import yaml

    mapping, sequence = yaml.MappingNode, yaml.SequenceNode
    scalars = frozenset({yaml.ScalarNode})
    nodes = 1
    suspect = False
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, mapping):
            pairs = node.value
            nodes += 2 * len(pairs)
            try:  # (keys and values taken apart in C: a fleet has tens of thousands of pairs)
                suspect = suspect or len(set(map(_NODE_VALUE, map(_KEY, pairs)))) != len(pairs)
            except TypeError:  # a mapping or sequence used as a key
                suspect = True  # (check_nodes then walks it all: its keys need no count here)
            values = list(map(_VALUE, pairs))
            if not scalars.issuperset(map(type, values)):
                stack += [c for c in values if isinstance(c, (mapping, sequence))]
        elif isinstance(node, sequence):
            nodes += len(node.value)
            stack += [c for c in node.value if isinstance(c, (mapping, sequence))]
    if suspect or nodes > MAX_EXPANDED_NODES:
        check_nodes(root, display, error, what, located=located)


_KEY, _VALUE, _NODE_VALUE = itemgetter(0), itemgetter(1), attrgetter("value")


def _check_duplicate_keys(
    node: Any, at: Callable[[Any], str], error: type[LambdacalcError]
) -> None:
    seen: set[str] = set()
    for key_node, _ in node.value:
        key = getattr(key_node, "value", None)
        if not isinstance(key, str) or key == "<<":
            continue
        if key in seen:
            raise error(f"{at(key_node)}: key '{key}' appears twice in the same mapping; keep one")
        seen.add(key)
