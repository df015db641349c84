"""Field checks shared by the three providers: each request body is walked once, and the first problem
raises ``Invalid`` naming the field and whether it was missing, of the wrong type, or an unacceptable value.
Each provider turns that into its own error envelope (NXCLOUD retCode 2/3/4, VBot -1, BizPhone 400).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

_MISSING = object()


class Problem(StrEnum):
    MISSING = "missing"
    FORMAT = "format"
    VALUE = "value"


class Invalid(Exception):
    def __init__(self, problem: Problem, field: str, detail: str = "") -> None:
        self.problem = problem
        self.field = field
        self.detail = detail
        super().__init__(f"{field}: {detail or problem.value}")


def _type_ok(value: Any, kind: type | tuple[type, ...]) -> bool:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds:
        return False  # JSON true is not a number
    return isinstance(value, kinds)


def require(obj: dict, name: str, kind: type | tuple[type, ...], path: str = "") -> Any:
    """``obj[name]``, which must be present, not null, and of ``kind``."""
    where = f"{path}{name}"
    value = obj.get(name, _MISSING)
    if value is _MISSING or value is None:
        raise Invalid(Problem.MISSING, where)
    if not _type_ok(value, kind):
        raise Invalid(Problem.FORMAT, where, f"expected {_names(kind)}")
    return value


def optional(obj: dict, name: str, kind: type | tuple[type, ...], default: Any = None, path: str = "") -> Any:
    """``obj[name]`` if present and not null (then of ``kind``), else ``default``."""
    if obj.get(name) is None:
        return default
    return require(obj, name, kind, path)


def check(condition: bool, field: str, detail: str) -> None:
    """Raise an invalid-value problem unless ``condition`` holds."""
    if not condition:
        raise Invalid(Problem.VALUE, field, detail)


def parse_json_object(raw: bytes) -> dict:
    """The body as a JSON object, or a format problem."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise Invalid(Problem.FORMAT, "body", f"not JSON: {exc}") from None
    if not isinstance(body, dict):
        raise Invalid(Problem.FORMAT, "body", "expected a JSON object")
    return body


def _names(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(k.__name__ for k in kinds)
