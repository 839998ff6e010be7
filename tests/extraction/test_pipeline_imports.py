"""The extraction package is a pipeline one can see: each stage is a folder (or a module)
of engine/extraction, and imports point one way — a stage imports only from itself and
from the stages below it:

    errors < reading, ocr < repair < layout < structure < agencies < fields < tasks < pipeline

(the pipeline is extract.py and the package's __init__). No import cycle, and no import
inside a function to dodge one."""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "engine" / "extraction"
PREFIX = "engine.extraction"
RANKS = {"errors": 0, "reading": 1, "ocr": 1, "repair": 2, "layout": 3, "structure": 4, "agencies": 5,
         "fields": 6, "tasks": 7, "pipeline": 8}
TOP_LEVEL_STAGE = {"errors": "errors", "readers": "reading", "extract": "pipeline", "__init__": "pipeline"}


def module_name(path: Path, root: Path = PACKAGE, prefix: str = PREFIX) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([prefix, *parts])


def stage_of(module: str, prefix: str = PREFIX) -> str:
    rest = module[len(prefix):].lstrip(".").split(".")
    if not rest[0]:
        return "pipeline"
    if len(rest) == 1 and rest[0] in TOP_LEVEL_STAGE:
        return TOP_LEVEL_STAGE[rest[0]]
    return rest[0]


def _imported(node: ast.AST, modules: set[str], prefix: str) -> list[str]:
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in modules else node.module
                 for alias in node.names]
    else:
        return []
    return [n for n in names if n == prefix or n.startswith(prefix + ".")]


def import_graph(root: Path = PACKAGE, prefix: str = PREFIX):
    """(module → modules of the package it imports, list of function-level imports)."""
    files = {module_name(p, root, prefix): p for p in root.rglob("*.py")}
    modules = set(files)
    graph: dict[str, set[str]] = {}
    nested: list[str] = []
    for name, path in files.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = set()
        for node in tree.body:
            graph[name].update(_imported(node, modules, prefix))
        for func in ast.walk(tree):
            if isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(func):
                    for target in _imported(node, modules, prefix):
                        nested.append(f"{name}.{func.name} imports {target}")
        graph[name].discard(name)
    return graph, nested


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def upward_imports(graph: dict[str, set[str]], prefix: str = PREFIX) -> list[str]:
    bad = []
    for module, targets in sorted(graph.items()):
        for target in sorted(targets):
            a, b = stage_of(module, prefix), stage_of(target, prefix)
            if a not in RANKS or b not in RANKS:
                bad.append(f"{module} → {target}: stage {a if a not in RANKS else b} is not in the pipeline")
            elif RANKS[b] > RANKS[a]:
                bad.append(f"{module} ({a}) imports {target} ({b}), a later stage")
    return bad


def test_the_extraction_package_has_no_import_cycle():
    graph, _ = import_graph()
    assert len(graph) > 20           # the package was found and read
    assert cycles(graph) == []


def test_every_import_points_to_the_same_or_an_earlier_stage():
    graph, _ = import_graph()
    assert upward_imports(graph) == []


def test_no_function_level_import_inside_the_package():
    _, nested = import_graph()
    assert nested == []


def test_each_stage_is_a_folder_that_says_what_it_owns():
    for stage in ("repair", "layout", "structure", "agencies", "fields", "tasks"):
        init = PACKAGE / stage / "__init__.py"
        assert init.is_file(), stage
        assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), stage


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_checks_catch_a_cycle_an_upward_import_and_a_dodged_one(tmp_path):
    root = tmp_path / "pkg"
    _write(root, "__init__.py", "")
    _write(root, "layout/__init__.py", "")
    _write(root, "layout/a.py", "from pkg.tasks.b import thing\n")
    _write(root, "tasks/__init__.py", "")
    _write(root, "tasks/b.py", "from pkg.layout.a import other\n"
                               "def f():\n    from pkg.layout import a\n")
    graph, nested = import_graph(root, "pkg")
    assert cycles(graph) == [["pkg.layout.a", "pkg.tasks.b"]]
    assert upward_imports(graph, "pkg") == ["pkg.layout.a (layout) imports pkg.tasks.b (tasks), a later stage"]
    assert nested == ["pkg.tasks.b.f imports pkg.layout.a"]
