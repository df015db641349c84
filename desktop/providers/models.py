"""Typed JSON models that parse a provider's JSON without losing anything.

The providers' documents are incomplete (cut-off enumerations, undocumented fields), so every model keeps what it
did not recognise in ``extra`` and the exact object it was parsed from in ``raw``: ``to_json()`` gives back the
original object, the store can keep the raw value beside the parsed one, and a support ticket can quote it.

Conventions (one rule for every model, so request bodies are predictable):

* a field without a default is *required*: it must be present when parsing and is always written;
* a field with a default is written only when it is not ``None`` (absent stays absent);
* the JSON key is the field name unless :func:`key` names another (providers mix snake, camel and ``...ID``).

How each field decodes is worked out once per class (:func:`_decoding_plan`), not per item: a status reply holds
thousands of nested items, so type hints are never analysed per item.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, Self, dataclass_transform

from desktop.providers.errors import BadResponseError

_JSON_KEY = "json_key"
_OWN_FIELDS = ("extra", "raw")


def key(json_key: str, default: Any = dataclasses.MISSING, *, factory: Any = dataclasses.MISSING) -> Any:
    """A model field stored under ``json_key`` in JSON (e.g. ``userTaskID`` for ``user_task_id``)."""
    return dataclasses.field(default=default, default_factory=factory, metadata={_JSON_KEY: json_key})


@dataclass_transform(kw_only_default=True, field_specifiers=(dataclasses.field, key))
def model(cls: type) -> type:
    """Declare a JSON model: a keyword-only dataclass (the decorator every model in this package uses)."""
    return dataclasses.dataclass(kw_only=True)(cls)


@model
class JsonModel:
    """Base of every provider model: ``extra`` holds unmodelled keys, ``raw`` the object it came from."""

    extra: dict[str, Any] = dataclasses.field(default_factory=dict, repr=False)
    raw: Any = dataclasses.field(default=None, repr=False, compare=False)

    @classmethod
    def from_json(cls, data: Any, *, provider: str = "") -> Self:
        """Parse ``data`` (a decoded JSON object); a structural mismatch raises :class:`BadResponseError`."""
        if not isinstance(data, Mapping):
            raise BadResponseError.unexpected(provider, f"{cls.__name__} should be a JSON object, got {_kind(data)}")
        plan = _decoding_plan(cls)
        values: dict[str, Any] = {}
        for field_name, name, required, decode in plan.fields:
            value = data.get(name, _ABSENT)
            if value is not _ABSENT:
                values[field_name] = value if decode is None else decode(value, provider)
            elif required:
                raise BadResponseError.unexpected(provider, f"{cls.__name__} is missing {name!r}")
        # Replies are mostly fully modelled: checking that in one set operation spares building ``extra`` per item.
        extra = {} if plan.json_names.issuperset(data) else {k: v for k, v in data.items() if k not in plan.json_names}
        return cls(**values, extra=extra, raw=data)

    def to_json(self) -> dict[str, Any]:
        """The JSON object for this model: modelled fields in declaration order, then ``extra``."""
        out: dict[str, Any] = {}
        for field_name, json_name, required in _encoding_plan(type(self)):
            value = getattr(self, field_name)
            if value is not None or required:
                out[json_name] = _encode(value)
        if self.extra:
            out.update(self.extra)
        return out

    def unmodelled(self) -> dict[str, Any]:
        """Every ``extra`` key in this model and the models inside it, by dotted path (empty = fully modelled)."""
        found = {k: v for k, v in self.extra.items()}
        for field in _model_fields(type(self)):
            for path, inner in _children(getattr(self, field.name), _json_name(field)):
                found.update({f"{path}.{k}": v for k, v in inner.unmodelled().items()})
        return found


def _children(value: Any, path: str) -> list[tuple[str, JsonModel]]:
    if isinstance(value, JsonModel):
        return [(path, value)]
    if isinstance(value, list):
        return [(f"{path}[{i}]", v) for i, v in enumerate(value) if isinstance(v, JsonModel)]
    return []


Decoder = Callable[[Any, str], Any]  # (JSON value, provider) -> field value
_ABSENT = object()  # a key missing from the JSON object (None is a JSON value)


class _FieldPlan(NamedTuple):
    field_name: str
    json_name: str
    required: bool
    decode: Decoder | None  # None: the JSON value is the field value (no call per item for plain fields)


class _DecodingPlan(NamedTuple):
    fields: tuple[_FieldPlan, ...]
    json_names: frozenset[str]  # every modelled key; the others go to ``extra``


@functools.cache
def _decoding_plan(cls: type) -> _DecodingPlan:
    """How ``cls.from_json`` reads each field, computed on first use (classes do not change afterwards)."""
    hints = typing.get_type_hints(cls)
    fields = tuple(_FieldPlan(f.name, _json_name(f), _required(f), _decoder(hints[f.name])) for f in _model_fields(cls))
    return _DecodingPlan(fields, frozenset(f.json_name for f in fields))


@functools.cache
def _encoding_plan(cls: type) -> tuple[tuple[str, str, bool], ...]:
    """(field name, JSON key, required) of each field ``to_json`` writes, worked out once per class: a batch
    request holds a model per contact."""
    return tuple((f.name, _json_name(f), _required(f)) for f in _model_fields(cls))


@functools.cache
def _model_fields(cls: type) -> tuple[dataclasses.Field[Any], ...]:
    return tuple(f for f in dataclasses.fields(cls) if f.name not in _OWN_FIELDS)


def _json_name(field: dataclasses.Field[Any]) -> str:
    return field.metadata.get(_JSON_KEY, field.name)


def _required(field: dataclasses.Field[Any]) -> bool:
    return field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING


def _kind(value: Any) -> str:
    return "null" if value is None else type(value).__name__


def _model_in(tp: Any) -> type[JsonModel] | None:
    """The model class in ``Model``, ``Model | None``; None when the type holds no model."""
    if isinstance(tp, type) and issubclass(tp, JsonModel):
        return tp
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            found = _model_in(arg)
            if found:
                return found
    return None


def _list_item(tp: Any) -> Any:
    """The item type of ``list[X]`` / ``list[X] | None``, or None when ``tp`` is not a list type."""
    if typing.get_origin(tp) is list:
        return typing.get_args(tp)[0]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if typing.get_origin(arg) is list:
                return typing.get_args(arg)[0]
    return None


def _decoder(tp: Any) -> Decoder | None:
    """The function that decodes a JSON value for a field of type ``tp``: lists of models item by item, a model
    from an object (or from anything, when the type admits nothing else, so the mismatch is reported); None for
    any other type, whose value is taken as it is."""
    item = _list_item(tp)
    if item is not None and _model_in(item):
        decode_item = _decoder(item)

        def decode_list(value: Any, provider: str) -> Any:
            if value is None:
                return None
            if not isinstance(value, list):
                raise BadResponseError.unexpected(provider, f"expected a list, got {_kind(value)}")
            return [decode_item(v, provider) for v in value]

        return decode_list
    found = _model_in(tp)
    if found is None:
        return None
    plain_alternative = _has_plain_alternative(tp)

    def decode_model(value: Any, provider: str) -> Any:
        if value is None or (plain_alternative and not isinstance(value, Mapping)):
            return value
        return found.from_json(value, provider=provider)

    return decode_model


def _has_plain_alternative(tp: Any) -> bool:
    """Whether a union admits a non-model value besides None (VBot's ``data`` is an object or ``true``)."""
    if typing.get_origin(tp) not in (typing.Union, types.UnionType):
        return False
    return any(arg is not type(None) and _model_in(arg) is None for arg in typing.get_args(tp))


def _encode(value: Any) -> Any:
    if type(value) is str:  # most values: spare the checks below
        return value
    if isinstance(value, JsonModel):
        return value.to_json()
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value
