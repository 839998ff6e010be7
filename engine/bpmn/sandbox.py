"""The restricted evaluator for diagram scripts, conditions and timer expressions.

SpiffWorkflow runs them with plain eval/exec; diagrams come from process owners, so
chidao checks every piece of code against a whitelist of Python syntax before a
diagram is deployed, and runs it with no builtins but a safe few. What passes the
check is rewritten so its operations go through guards (engine.bpmn.sandbox_rewrite)
and runs under a budget of size, work and time (engine.bpmn.sandbox_budget): going
past one raises EvaluationLimit, whatever the diagram does."""
from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Callable

from engine.bpmn.sandbox_budget import DEFAULT_LIMITS, EvaluationLimit, Limits, metered, size_of
from engine.bpmn.sandbox_calls import GUARDED_BUILTINS
from engine.bpmn.sandbox_rewrite import GUARDS, PREFIX, instrument

SAFE_BUILTINS: dict[str, object] = {
    name: __builtins__[name] if isinstance(__builtins__, dict) else getattr(__builtins__, name)
    for name in (
        "abs", "all", "any", "bool", "dict", "enumerate", "float", "int", "len", "list",
        "max", "min", "range", "round", "set", "sorted", "str", "sum", "tuple", "zip",
        "isinstance", "reversed",
    )
}
SAFE_BUILTINS.update({"True": True, "False": False, "None": None})
SAFE_BUILTINS.update(GUARDED_BUILTINS)

_ALLOWED_NODES = (
    ast.Module, ast.Expression, ast.Expr, ast.Assign, ast.AugAssign, ast.If, ast.For,
    ast.Pass, ast.Break, ast.Continue, ast.BoolOp, ast.BinOp, ast.UnaryOp, ast.Compare,
    ast.Call, ast.keyword, ast.IfExp, ast.Attribute, ast.Subscript, ast.Slice, ast.Name,
    ast.Load, ast.Store, ast.Constant, ast.List, ast.Tuple, ast.Dict, ast.Set,
    ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension,
    ast.JoinedStr, ast.FormattedValue, ast.operator, ast.boolop, ast.cmpop, ast.unaryop,
    ast.expr_context,
)
_FORBIDDEN_ATTRIBUTES = {"format", "format_map", "mro", "gi_frame", "f_globals"}


class UnsafeCode(ValueError):
    """A script or expression uses something outside the restricted evaluator."""

    def __init__(self, reason: str, line: int | None = None):
        super().__init__(reason)
        self.reason = reason
        self.line = line


def check(code: str, mode: str = "exec", allowed_calls: set[str] | None = None) -> ast.AST:
    """Parse ``code`` and refuse anything outside the whitelist.

    ``mode`` is "exec" for scripts and "eval" for conditions and expressions;
    ``allowed_calls``, when given, are the only plain names that may be called.
    Raises UnsafeCode with a Vietnamese reason and the line.
    """
    try:
        tree = ast.parse(code, mode=mode)
    except SyntaxError as exc:
        raise UnsafeCode(f"lỗi cú pháp Python: {exc.msg}", exc.lineno) from exc
    for node in ast.walk(tree):
        line = getattr(node, "lineno", None)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            raise UnsafeCode("không được phép import mô-đun", line)
        if not isinstance(node, _ALLOWED_NODES):
            raise UnsafeCode(f"cú pháp không được phép: {type(node).__name__}", line)
        if isinstance(node, ast.Name) and node.id.startswith("__"):
            raise UnsafeCode(f"không được phép dùng tên «{node.id}»", line)
        if isinstance(node, ast.Attribute):
            if node.attr.startswith("_") or node.attr in _FORBIDDEN_ATTRIBUTES:
                raise UnsafeCode(f"không được phép truy cập thuộc tính «{node.attr}»", line)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "__" in node.value:
            raise UnsafeCode("chuỗi chứa «__» không được phép", line)
        if (allowed_calls is not None and isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id not in allowed_calls):
            raise UnsafeCode(f"không được phép gọi hàm «{node.func.id}»", line)
    return tree


@dataclass
class CompiledCode:
    code: object
    mode: str


def compile_guarded(tree: ast.AST, mode: str):
    """Checked ``tree`` rewritten with its guards and compiled."""
    return compile(instrument(tree), "<string>", mode)


def guarded_globals() -> dict:
    """The globals every piece of diagram code runs with: safe builtins and guards."""
    return {"__builtins__": SAFE_BUILTINS, **GUARDS}


class RestrictedEvaluator:
    """Compiles checked code once and runs it with safe builtins and named helpers,
    each evaluation under a fresh budget of ``limits``."""

    def __init__(self, helpers: dict[str, Callable] | None = None, limits: Limits = DEFAULT_LIMITS):
        self.helpers = dict(helpers or {})
        self.limits = limits
        self._cache: dict[tuple[str, str], CompiledCode] = {}

    def compile(self, code: str, mode: str) -> CompiledCode:
        key = (code, mode)
        compiled = self._cache.get(key)
        if compiled is None:
            tree = check(code, mode, set(SAFE_BUILTINS) | set(self.helpers))
            compiled = CompiledCode(compile_guarded(tree, mode), mode)
            self._cache[key] = compiled
        return compiled

    def _globals(self, extra: dict | None) -> dict:
        scope = guarded_globals()
        scope.update(self.helpers)
        if extra:
            scope.update(extra)
        return scope

    def evaluate(self, expression: str, data: dict, extra: dict | None = None):
        compiled = self.compile(expression, "eval")
        scope = self._globals(extra)
        scope.update(data)
        with metered(self.limits):
            return eval(compiled.code, scope)  # noqa: S307 - checked and guarded code

    def execute(self, script: str, data: dict, extra: dict | None = None) -> None:
        """Run ``script`` with ``data`` as its variables; what it assigns lands in data
        (a variable it left alone keeps what a helper it called may have put in data;
        nothing lands when it goes past a bound)."""
        compiled = self.compile(script, "exec")
        base = self._globals(extra)
        given = dict(data)
        scope = dict(base)
        scope.update(given)
        with metered(self.limits):
            exec(compiled.code, scope)  # noqa: S102 - checked and guarded code
        assigned = {name: value for name, value in scope.items()
                    if not name.startswith(PREFIX) and not (name in base and base[name] is value)
                    and not (name in given and given[name] is value)}
        self._check_data_size(assigned, extra)
        data.update(assigned)

    def _check_data_size(self, assigned: dict, extra: dict | None) -> None:
        """What a script leaves behind is stored with the instance: bounded too."""
        left = [assigned, (extra or {}).get("case")]
        if size_of(left, self.limits.max_data) > self.limits.max_data:
            raise EvaluationLimit("sandbox.data_too_big", max=self.limits.max_data)
