"""Guarded method calls and builtins for a diagram's code.

A method that can multiply its input (``ljust``, ``center``, ``zfill``,
``expandtabs``, ``replace``, ``join``, ``translate``, ``list.extend``,
``int.to_bytes``) is checked before it runs; every call charges what it made. The
builtins a script may call are replaced by versions that bound ``range`` lengths, the
text ``int()``/``float()`` read, ``round`` digits, and charge what ``sorted``, ``sum``,
``min``/``max``, ``set``, ``dict``, ``list`` and ``str`` walk through."""
from __future__ import annotations

import functools
from types import FunctionType

from engine.bpmn.sandbox_budget import EvaluationLimit, current_budget
from engine.bpmn.sandbox_guards import (BINARY, CONTAINERS, SCALARS, SIZED, TEXT, counted, examined,
                                        made)


# ---- methods --------------------------------------------------------------------------
def _width_arg(args, kwargs, name: str, default: int):
    return args[0] if args else kwargs.get(name, default)


def _padded(obj, args, kwargs):
    width = _width_arg(args, kwargs, "width", 0)
    if isinstance(width, int):
        current_budget().check_length(width)
    return args, kwargs


def _expandtabs(obj, args, kwargs):
    size = _width_arg(args, kwargs, "tabsize", 8)
    if isinstance(size, int) and size > 0:
        current_budget().check_length(len(obj) + obj.count("\t" if isinstance(obj, str) else b"\t") * size)
    return args, kwargs


def _replace(obj, args, kwargs):
    if len(args) >= 2 and isinstance(args[0], TEXT) and isinstance(args[1], TEXT):
        old, new = args[0], args[1]
        hits = obj.count(old) if old else len(obj) + 1
        count = args[2] if len(args) > 2 else kwargs.get("count", -1)
        if isinstance(count, int) and count >= 0:
            hits = min(hits, count)
        current_budget().check_length(len(obj) + hits * max(0, len(new) - len(old)))
    return args, kwargs


def _join(obj, args, kwargs):
    if len(args) == 1:
        items = list(counted(args[0]))
        total = sum(len(i) for i in items if isinstance(i, TEXT)) + len(obj) * max(0, len(items) - 1)
        current_budget().check_length(total)
        args = (items,)
    return args, kwargs


def _translate(obj, args, kwargs):
    if args and isinstance(args[0], dict):
        longest = max((len(v) for v in args[0].values() if isinstance(v, TEXT)), default=1)
        current_budget().check_length(len(obj) * max(longest, 1))
    return args, kwargs


def _extend(obj, args, kwargs):
    if len(args) == 1:
        items = args[0] if isinstance(args[0], SIZED) else list(counted(args[0]))
        current_budget().check_length(len(obj) + len(items))
        args = (items,)
    return args, kwargs


def _to_bytes(obj, args, kwargs):
    length = _width_arg(args, kwargs, "length", 1)
    if isinstance(length, int):
        current_budget().check_length(length)
    return args, kwargs


def _compares_items(obj, args, kwargs):
    current_budget().charge_size(obj)
    return args, kwargs


_TEXT_CHECKS = {"ljust": _padded, "rjust": _padded, "center": _padded, "zfill": _padded,
                "expandtabs": _expandtabs, "replace": _replace, "join": _join, "translate": _translate}
_METHOD_CHECKS = {
    **{(kind, name): check for kind in TEXT for name, check in _TEXT_CHECKS.items()},
    (list, "extend"): _extend, (bytearray, "extend"): _extend, (int, "to_bytes"): _to_bytes,
    **{(list, name): _compares_items for name in ("count", "index", "remove", "sort")},
}


def _check_of(obj, name: str):
    for kind in type(obj).__mro__:
        check = _METHOD_CHECKS.get((kind, name))
        if check is not None:
            return check
    return None


def method(obj, name: str, /, *args, **kwargs):
    """``obj.name(*args, **kwargs)``, checked first when the method can multiply."""
    real = standing_for(obj)
    if real is not None:                 # str.ljust(s, 9): the type's method, self first
        if not (args and isinstance(args[0], real) and _check_of(args[0], name)):
            return made(getattr(real, name)(*args, **kwargs))
        obj, args = args[0], args[1:]
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, CONTAINERS):
            current_budget().charge_size(arg)
    check = _check_of(obj, name)
    if check is not None:
        args, kwargs = check(obj, args, kwargs)
    return made(getattr(obj, name)(*args, **kwargs))


def attribute(obj, name: str):
    """``obj.name`` not called at once: a method comes back guarded like ``method``."""
    value = getattr(obj, name)
    if callable(value) and not isinstance(value, type):
        return functools.partial(method, obj, name)
    return value


# ---- builtins -------------------------------------------------------------------------
def _examined_all(iterable):
    """For builtins that compare or hash every item."""
    if isinstance(iterable, range):
        current_budget().charge(len(iterable))
        return iterable
    if isinstance(iterable, SIZED):
        current_budget().charge_size(iterable)
        return iterable
    return (examined(item) for item in iterable)


def _copied(iterable):
    if isinstance(iterable, SIZED):
        current_budget().charge(len(iterable))
        return iterable
    return counted(iterable)


def _range(*args):
    span = range(*args)
    current_budget().check_length(max(0, -((span.start - span.stop) // span.step)))
    return span


def _number_text(kind):
    def convert(*args, **kwargs):
        if args and isinstance(args[0], TEXT) and len(args[0]) > current_budget().limits.max_int_text:
            raise EvaluationLimit("sandbox.number_text_too_long", size=len(args[0]),
                                  max=current_budget().limits.max_int_text)
        return kind(*args, **kwargs)
    return convert


def _str(*args, **kwargs):
    if args and not isinstance(args[0], SCALARS):
        current_budget().charge_size(args[0])
    return made(str(*args, **kwargs))


def _consuming(kind, feed):
    def build(*args, **kwargs):
        if args:
            args = (feed(args[0]), *args[1:])
        return made(kind(*args, **kwargs))
    return build


def _extreme(kind):
    def pick(*args, **kwargs):
        items = _examined_all(args[0]) if len(args) == 1 else _examined_all(args)
        return kind(items, **kwargs)
    return pick


def _sum(iterable, start=0):
    items = _examined_all(iterable)
    if isinstance(start, (int, float)):
        return made(sum(items, start))
    total = start
    for item in items:              # lists or tuples added up: each addition bounded
        total = BINARY["add"](total, item)
    return total


def _round(number, ndigits=None):
    if isinstance(ndigits, int) and abs(ndigits) > current_budget().limits.max_format_width:
        raise EvaluationLimit("sandbox.format_too_wide", value=ndigits, max=current_budget().limits.max_format_width)
    return round(number, ndigits)


GUARDED_BUILTINS = {
    "range": _range, "int": _number_text(int), "float": _number_text(float), "str": _str,
    "list": _consuming(list, _copied), "tuple": _consuming(tuple, _copied),
    "set": _consuming(set, _examined_all), "dict": _consuming(dict, _examined_all),
    "sorted": _consuming(sorted, _examined_all), "min": _extreme(min), "max": _extreme(max),
    "sum": _sum, "any": lambda iterable: any(counted(iterable)), "all": lambda iterable: all(counted(iterable)),
    "round": _round,
}
_STANDS_FOR = {GUARDED_BUILTINS[name]: kind for name, kind in (
    ("range", range), ("int", int), ("float", float), ("str", str), ("list", list), ("tuple", tuple),
    ("set", set), ("dict", dict))}


def standing_for(obj):
    """The builtin type a guarded builtin stands for (``str`` for the guarded str)."""
    if isinstance(obj, type) and obj in (str, bytes, bytearray, list, int):
        return obj
    return _STANDS_FOR.get(obj) if isinstance(obj, FunctionType) else None


def _isinstance(obj, kinds):
    if isinstance(kinds, tuple):
        kinds = tuple(standing_for(k) or k for k in kinds)
    else:
        kinds = standing_for(kinds) or kinds
    return isinstance(obj, kinds)


GUARDED_BUILTINS["isinstance"] = _isinstance
