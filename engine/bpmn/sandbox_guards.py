"""The guarded operators and f-string formatting a diagram's code runs through
(engine.bpmn.sandbox_rewrite puts them in place of the plain ones; method calls and
builtins are guarded in engine.bpmn.sandbox_calls).

Each refuses, before it runs, an operation whose result would pass a bound of the
budget — ``9**9**9``, ``'a'*10**10``, ``[0]*10**10``, ``f'{1:>999999999}'``,
``'%*d' % (999999999, 1)`` — and charges what it made or examined to the evaluation's
budget (engine.bpmn.sandbox_budget)."""
from __future__ import annotations

import math
import operator
import re

from engine.bpmn.sandbox_budget import EvaluationLimit, current_budget, size_of

TEXT = (str, bytes, bytearray)
SEQUENCES = (str, bytes, bytearray, list, tuple)
CONTAINERS = (list, tuple, dict, set, frozenset)
SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset, range)
SCALARS = (str, int, float, bool, type(None))


def made(value):
    """Charge what an operation produced (its length, or one step) and pass it on."""
    budget = current_budget()
    if isinstance(value, SIZED) and not isinstance(value, range):
        budget.charge(len(value) + 1)
    elif isinstance(value, int):
        budget.charge(value.bit_length() // 64 + 1)
    else:
        budget.charge(1)
    return value


def examined(value):
    """Charge the deep size of a container about to be compared or hashed."""
    if isinstance(value, CONTAINERS):
        current_budget().charge_size(value)
    else:
        current_budget().charge(1)
    return value


def counted(iterable):
    """The items of ``iterable``, one step charged for each."""
    budget = current_budget()
    for item in iterable:
        budget.charge(1)
        yield item


# ---- operators ------------------------------------------------------------------------
def _check_repeat(seq, times) -> None:
    if not isinstance(times, int) or times <= 0:
        return
    budget = current_budget()
    budget.check_length(len(seq) * times)
    if isinstance(seq, (list, tuple)) and seq:      # [x] * n repeats x's own items n times
        budget.check_length((size_of(seq, budget.limits.max_length) - 1) * times)


def _check_add(a, b) -> None:
    if isinstance(a, SEQUENCES) and isinstance(b, SEQUENCES):
        current_budget().check_length(len(a) + len(b))


def _check_mul(a, b) -> None:
    if isinstance(a, int) and isinstance(b, int):
        current_budget().check_bits(a.bit_length() + b.bit_length())
    elif isinstance(a, SEQUENCES):
        _check_repeat(a, b)
    elif isinstance(b, SEQUENCES):
        _check_repeat(b, a)


def _check_pow(a, b) -> None:
    if isinstance(a, int) and isinstance(b, int) and b > 0 and abs(a) > 1:
        current_budget().check_bits(b * math.log2(abs(a)))


def _check_lshift(a, b) -> None:
    if isinstance(a, int) and isinstance(b, int) and b > 0 and a:
        current_budget().check_bits(a.bit_length() + b)


def check_width(digits: str) -> int:
    """A width or precision written in a format: refused past the bound."""
    limit = current_budget().limits.max_format_width
    if len(digits) > 7 or int(digits) > limit:
        raise EvaluationLimit("sandbox.format_too_wide", value=digits[:12], max=limit)
    return int(digits)


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0 +\-]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?.", re.S)


def _check_mod(a, b) -> None:
    if not isinstance(a, TEXT):
        return
    text = a if isinstance(a, str) else bytes(a).decode("latin-1")
    widths = 0
    for match in _PERCENT.finditer(text):
        for part in match.groups():
            if part == "*":
                raise EvaluationLimit("sandbox.star_width")
            if part:
                widths += check_width(part)
    current_budget().charge_size(b)
    current_budget().check_length(len(a) + widths)


_CHECKS = {"add": _check_add, "mul": _check_mul, "pow": _check_pow, "lshift": _check_lshift, "mod": _check_mod}
_OPERATORS = ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "lshift", "rshift", "and", "or",
              "xor", "matmul")


def _binary(name: str, inplace: bool):
    check = _CHECKS.get(name, lambda a, b: None)
    function = getattr(operator, f"i{name}" if inplace else (f"{name}_" if name in ("and", "or") else name))

    def guarded(a, b):
        check(a, b)
        return made(function(a, b))

    guarded.__name__ = f"guarded_{'i' if inplace else ''}{name}"
    return guarded


BINARY = {name: _binary(name, False) for name in _OPERATORS}
INPLACE = {name: _binary(name, True) for name in _OPERATORS}


# ---- formatting -----------------------------------------------------------------------
_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?z?#?0?(\d*)[,_]?(?:\.(\d*))?[a-zA-Z%]?", re.S)
_CONVERSIONS = {115: str, 114: repr, 97: ascii}


def format_value(value, conversion: int, spec: str) -> str:
    """One ``{value!conversion:spec}`` of an f-string."""
    budget = current_budget()
    if not isinstance(value, SCALARS):
        budget.charge_size(value)
    if conversion in _CONVERSIONS:
        value = _CONVERSIONS[conversion](value)
    if spec:
        match = _SPEC.fullmatch(spec)
        if match:
            for part in match.groups():
                if part:
                    check_width(part)
        elif len(spec) > budget.limits.max_format_width:
            raise EvaluationLimit("sandbox.format_too_wide", value=len(spec), max=budget.limits.max_format_width)
    return made(format(value, spec))
