"""Deploy-time evaluation of the constant parts of a diagram's code.

An expression that needs no data — ``9**9**9`` in a timer, ``'a'*10**10`` in a
script, ``sum(range(10**13))`` in a ``due`` property — would go past a bound every time
it runs. Each largest such part is evaluated once at deploy, under the same guards
and a short budget, so the diagram is refused there with the element and the line.
Code that depends on data (``x = 10; y = x ** x ** x``) is bounded when it runs."""
from __future__ import annotations

import ast
import copy

from engine.bpmn.sandbox import compile_guarded, guarded_globals
from engine.bpmn.sandbox_budget import DEFAULT_LIMITS, EvaluationLimit, Limits, metered

FOLD_LIMITS = Limits(max_seconds=0.5, max_units=DEFAULT_LIMITS.max_units)
PURE_NAMES = frozenset({
    "abs", "all", "any", "bool", "dict", "enumerate", "float", "int", "len", "list", "max", "min", "range",
    "reversed", "round", "set", "sorted", "str", "sum", "tuple", "zip", "True", "False", "None",
})
_FOLDABLE = (ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Subscript, ast.Slice, ast.List,
             ast.Tuple, ast.Set, ast.Dict, ast.JoinedStr, ast.FormattedValue, ast.Call, ast.Attribute,
             ast.keyword, ast.Constant, ast.Name, ast.expr_context, ast.operator, ast.boolop, ast.cmpop,
             ast.unaryop)


def _closed_nodes(tree: ast.AST) -> set[int]:
    """Ids of the nodes whose value needs no data (only constants and pure builtins)."""
    closed: set[int] = set()

    def visit(node: ast.AST) -> bool:
        children = [visit(child) for child in ast.iter_child_nodes(node)]
        ok = isinstance(node, _FOLDABLE) and all(children)
        if isinstance(node, ast.Name):
            ok = node.id in PURE_NAMES and isinstance(node.ctx, ast.Load)
        if ok:
            closed.add(id(node))
        return ok

    visit(tree)
    return closed


def _largest_closed(tree: ast.AST, closed: set[int]):
    stack = [tree]
    while stack:
        node = stack.pop()
        if id(node) in closed and isinstance(node, ast.expr):
            if not isinstance(node, (ast.Constant, ast.Name)):
                yield node
            continue
        stack.extend(ast.iter_child_nodes(node))


def costly_constant(tree: ast.AST, limits: Limits = FOLD_LIMITS) -> tuple[EvaluationLimit, int | None] | None:
    """The first constant part of ``tree`` (already checked) that goes past a bound,
    as (the limit it hit, its line in the code); None when there is none. A constant
    part that fails otherwise (``1/0``) is left to fail where it runs."""
    for node in _largest_closed(tree, _closed_nodes(tree)):
        code = compile_guarded(ast.Expression(copy.deepcopy(node)), "eval")
        try:
            with metered(limits):
                eval(code, guarded_globals())  # noqa: S307 - checked, guarded, constant code
        except EvaluationLimit as limit:
            return limit, getattr(node, "lineno", None)
        except Exception:   # noqa: BLE001 - any other failure is the runtime's to report
            continue
    return None
