"""Rewrites a checked script or expression so every operation that could spend
unbounded memory or time goes through a guard (engine.bpmn.sandbox_guards and
sandbox_calls): binary and augmented operators, f-string fields, method calls and
method lookups, slices, the iterables of ``for`` loops and comprehensions, and the
operands of comparisons and of hashing (dict keys, set items, subscripts).

Checks at deploy cannot see ``x = 10; y = x ** x ** x``; the rewritten code refuses it
when it runs. The guards live under names starting with ``__chidao_``, which the
checker forbids in a diagram's own code, so a script can neither reach nor replace
them."""
from __future__ import annotations

import ast
import copy

from engine.bpmn.sandbox_calls import GUARDED_BUILTINS, attribute, method
from engine.bpmn.sandbox_guards import BINARY, INPLACE, counted, examined, format_value, made

PREFIX = "__chidao_"
_OP_NAMES = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "truediv", ast.FloorDiv: "floordiv",
             ast.Mod: "mod", ast.Pow: "pow", ast.LShift: "lshift", ast.RShift: "rshift", ast.BitAnd: "and",
             ast.BitOr: "or", ast.BitXor: "xor", ast.MatMult: "matmul"}
_OBJECT, _KEY = PREFIX + "object", PREFIX + "key"

GUARDS: dict[str, object] = {
    **{f"{PREFIX}{name}": guard for name, guard in BINARY.items()},
    **{f"{PREFIX}i{name}": guard for name, guard in INPLACE.items()},
    PREFIX + "format": format_value, PREFIX + "method": method, PREFIX + "attribute": attribute,
    PREFIX + "iter": counted, PREFIX + "examined": examined, PREFIX + "made": made,
}
assert not set(GUARDS) & set(GUARDED_BUILTINS)


def _call(guard: str, *args: ast.expr, keywords=(), like: ast.AST | None = None) -> ast.Call:
    node = ast.Call(func=ast.Name(PREFIX + guard, ast.Load()), args=list(args), keywords=list(keywords))
    return ast.copy_location(node, like) if like is not None else node


def _load(name: str) -> ast.Name:
    return ast.Name(name, ast.Load())


def _store(name: str) -> ast.Name:
    return ast.Name(name, ast.Store())


class _Instrument(ast.NodeTransformer):
    def visit_BinOp(self, node: ast.BinOp):
        self.generic_visit(node)
        return _call(_OP_NAMES[type(node.op)], node.left, node.right, like=node)

    def visit_AugAssign(self, node: ast.AugAssign):
        value = self.visit(node.value)
        guard = "i" + _OP_NAMES[type(node.op)]
        target = node.target
        if isinstance(target, ast.Name):
            return ast.copy_location(ast.Assign([_store(target.id)], _call(guard, _load(target.id), value)), node)
        statements = [ast.Assign([_store(_OBJECT)], self.visit(target.value))]
        if isinstance(target, ast.Attribute):
            current = _call("attribute", _load(_OBJECT), ast.Constant(target.attr))
            store = ast.Attribute(_load(_OBJECT), target.attr, ast.Store())
        else:
            if isinstance(target.slice, ast.Slice):
                key = self.visit(target.slice)
                load_key, store_key = key, copy.deepcopy(key)
            else:
                statements.append(ast.Assign([_store(_KEY)], _call("examined", self.visit(target.slice))))
                load_key, store_key = _load(_KEY), _load(_KEY)
            current = ast.Subscript(_load(_OBJECT), load_key, ast.Load())
            store = ast.Subscript(_load(_OBJECT), store_key, ast.Store())
        statements.append(ast.Assign([store], _call(guard, current, value)))
        return [ast.copy_location(s, node) for s in statements]

    def visit_FormattedValue(self, node: ast.FormattedValue):
        self.generic_visit(node)
        spec = node.format_spec if node.format_spec is not None else ast.Constant("")
        guarded = _call("format", node.value, ast.Constant(node.conversion), spec, like=node)
        return ast.copy_location(ast.FormattedValue(guarded, -1, None), node)

    def visit_Call(self, node: ast.Call):
        if isinstance(node.func, ast.Attribute):
            obj = self.visit(node.func.value)
            args = [self.visit(a) for a in node.args]
            keywords = [self.visit(k) for k in node.keywords]
            return _call("method", obj, ast.Constant(node.func.attr), *args, keywords=keywords, like=node)
        self.generic_visit(node)
        return node

    def visit_Attribute(self, node: ast.Attribute):
        self.generic_visit(node)
        if isinstance(node.ctx, ast.Load):
            return _call("attribute", node.value, ast.Constant(node.attr), like=node)
        return node

    def visit_Subscript(self, node: ast.Subscript):
        self.generic_visit(node)
        if isinstance(node.slice, ast.Slice):
            return _call("made", node, like=node) if isinstance(node.ctx, ast.Load) else node
        node.slice = _call("examined", node.slice, like=node.slice)
        return node

    def visit_For(self, node: ast.For):
        self.generic_visit(node)
        node.iter = _call("iter", node.iter, like=node.iter)
        return node

    def visit_comprehension(self, node: ast.comprehension):
        self.generic_visit(node)
        node.iter = _call("iter", node.iter, like=node.iter)
        return node

    def visit_Compare(self, node: ast.Compare):
        self.generic_visit(node)
        node.left = _call("examined", node.left, like=node.left)
        node.comparators = [_call("examined", c, like=c) for c in node.comparators]
        return node

    def visit_Dict(self, node: ast.Dict):
        self.generic_visit(node)
        node.keys = [_call("examined", k, like=k) if k is not None else None for k in node.keys]
        if any(k is None for k in node.keys):          # {**other}: a copy of other
            return _call("made", node, like=node)
        return node

    def visit_Set(self, node: ast.Set):
        self.generic_visit(node)
        node.elts = [_call("examined", e, like=e) for e in node.elts]
        return node

    def visit_SetComp(self, node: ast.SetComp):
        self.generic_visit(node)
        node.elt = _call("examined", node.elt, like=node.elt)
        return node

    def visit_DictComp(self, node: ast.DictComp):
        self.generic_visit(node)
        node.key = _call("examined", node.key, like=node.key)
        return node


def instrument(tree: ast.AST) -> ast.AST:
    """``tree`` (already checked) with its operations guarded; changed in place."""
    return ast.fix_missing_locations(_Instrument().visit(tree))
