"""A CloudFormation or SAM template as lambdacalc reads it: `_Template` resolves the
intrinsic functions it supports (Ref, Fn::If and conditions, Fn::FindInMap, …) against the
given parameters and finds properties and function targets; a value it cannot resolve is
`_Unresolved`, a resource to leave out `_Skip`."""

from __future__ import annotations

from typing import Any

from lambdacalc.iac.model import shown, whole_number
from lambdacalc.iac.read import Located, Path

FUNCTION_TYPES = ("AWS::Lambda::Function", "AWS::Serverless::Function")


class _Skip(Exception):
    pass


class _Unresolved(Exception):
    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        self.why = why


class _Template:
    def __init__(self, located: Located, params: dict[str, Any]) -> None:
        self.located = located
        self.data = located.data
        self.params = params
        self.resources: dict[str, Any] = self.data.get("Resources") or {}
        globals_ = self.data.get("Globals")
        fn_globals = globals_.get("Function") if isinstance(globals_, dict) else None
        self.globals: dict[str, Any] = fn_globals if isinstance(fn_globals, dict) else {}
        self.problems: list[str] = []

    def where(self, path: Path) -> str:
        return self.located.where(path)

    # --- values --------------------------------------------------------------------------

    def resolve(self, value: Any, path: Path) -> Any:
        if isinstance(value, dict) and len(value) == 1:
            ((fn, arg),) = value.items()
            if fn == "Ref":
                return self._ref(arg, path)
            if fn == "Fn::FindInMap":
                return self._find_in_map(arg, path)
            if fn == "Fn::If":
                if not isinstance(arg, list) or len(arg) != 3:
                    raise _Unresolved(path, "!If needs [condition, value if true, value if false]")
                return self.resolve(arg[1] if self.condition(arg[0], path) else arg[2], path)
            if fn.startswith("Fn::") or fn == "Condition":
                short = "!" + fn.removeprefix("Fn::")
                raise _Unresolved(path, f"{short} cannot be worked out before deployment")
        return value

    def condition(self, name: Any, path: Path, depth: int = 0) -> bool:
        """A named condition of the template's Conditions, worked out from parameters."""
        conditions = self.data.get("Conditions")
        if not isinstance(name, str) or not isinstance(conditions, dict) or name not in conditions:
            raise _Unresolved(path, f"condition {name!r} is not in the template's Conditions")
        if depth > 20:
            raise _Unresolved(path, f"condition {name} refers to itself")
        return self._truth(conditions[name], ("Conditions", name), depth + 1)

    def _truth(self, expr: Any, path: Path, depth: int) -> bool:
        if isinstance(expr, dict) and len(expr) == 1:
            ((fn, arg),) = expr.items()
            args = arg if isinstance(arg, list) else [arg]
            if fn == "Fn::Equals" and len(args) == 2:
                a, b = (self.resolve(x, path) for x in args)
                return str(a) == str(b)  # CloudFormation compares parameter values as text
            if fn == "Fn::Not" and len(args) == 1:
                return not self._truth(args[0], path, depth)
            if fn == "Fn::And":
                return all(self._truth(x, path, depth) for x in args)
            if fn == "Fn::Or":
                return any(self._truth(x, path, depth) for x in args)
            if fn == "Condition":
                return self.condition(arg, path, depth)
        raise _Unresolved(path, "a condition lambdacalc cannot work out (Equals, Not, And, Or)")

    def _ref(self, name: Any, path: Path) -> Any:
        if not isinstance(name, str):
            raise _Unresolved(path, "!Ref needs a name")
        if name in self.params:
            return self.params[name]
        parameters = self.data.get("Parameters")
        declared = parameters.get(name) if isinstance(parameters, dict) else None
        if isinstance(declared, dict):
            if "Default" in declared:
                return declared["Default"]
            raise _Unresolved(
                path, f"!Ref {name}: the parameter has no Default; pass --param {name}=VALUE"
            )
        if name in self.resources:
            raise _Unresolved(path, f"!Ref {name} is a resource, not a value")
        raise _Unresolved(path, f"!Ref {name}: no such parameter; pass --param {name}=VALUE")

    def _find_in_map(self, args: Any, path: Path) -> Any:
        if not isinstance(args, list) or len(args) != 3:
            raise _Unresolved(path, "!FindInMap needs [map, top key, second key]")
        keys = [self.resolve(a, path) for a in args]
        try:
            return self.data["Mappings"][keys[0]][keys[1]][keys[2]]
        except (KeyError, TypeError):
            raise _Unresolved(path, f"!FindInMap {keys}: no such entry in Mappings") from None

    def prop(self, resource: str, *keys: str) -> tuple[Any, Path] | None:
        """A property of a function, else of SAM's Globals.Function (SAM functions only)."""
        res = self.resources[resource]
        at: Path = ("Resources", resource, "Properties")
        places: list[tuple[Any, Path]] = [(mapping(res.get("Properties"), at, "Properties"), at)]
        if res.get("Type") == "AWS::Serverless::Function":
            places.append((self.globals, ("Globals", "Function")))
        for node, base in places:
            for key in keys:
                node = mapping(self.resolve(node, base), base, _dotted(base[2:]) or "Properties")
                if key not in node:
                    node = None
                    break
                node = node[key]
                base = (*base, key)
            if node is not None:
                return self.resolve(node, base), base
        return None

    def number(self, value: Any, path: Path, what: str) -> int:
        value = self.resolve(value, path)
        number = whole_number(value, text_ok=True)  # CloudFormation takes "512" too
        if number is None:
            raise _Unresolved(path, f"{what} should be a whole number (got {shown(value)})")
        return number

    def is_function(self, lid: str) -> bool:
        res = self.resources.get(lid)
        return isinstance(res, dict) and res.get("Type") in FUNCTION_TYPES

    def target(self, value: Any, path: Path) -> str | None:
        """The logical ID of the function a FunctionName / TargetFunctionArn points at."""
        if isinstance(value, dict) and len(value) == 1:
            ((fn, arg),) = value.items()
            if fn == "Ref" and arg in self.resources:
                return str(arg)
            if fn == "Fn::GetAtt":
                parts = arg if isinstance(arg, list) else str(arg).split(".")
                if parts and parts[0] in self.resources:
                    return str(parts[0])
        try:
            literal = self.resolve(value, path)
        except _Unresolved:
            return None
        for lid, res in self.resources.items():
            if (
                isinstance(res, dict)
                and res.get("Type") in FUNCTION_TYPES
                and isinstance(res.get("Properties"), dict)
                and res["Properties"].get("FunctionName") == literal
            ):
                return lid
        return None


def mapping(value: Any, path: Path, what: str) -> dict[str, Any]:
    """`value` when it is a mapping (absent: empty), else the template's shape is wrong."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _Unresolved(path, f"{what} should be a mapping of keys to values")
    return value


def _dotted(path: Path) -> str:
    return ".".join(str(p) for p in path)
