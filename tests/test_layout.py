"""The package keeps its shape: imports run one way, no private names cross modules, units stay small.

Read from the source with :mod:`ast` (nothing is imported), so a test fails
as soon as a backwards import, a cycle, a borrowed ``_private`` name or an
oversized module or function creeps back in.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path


PACKAGE = Path(__file__).resolve().parents[1] / "kg"

#: How high each part of the package stands: a module imports only from parts below its own,
#: or from its own part. The README's "The package" section describes the same order.
RANK = {
    "kg": 0, "kg.core": 0,
    "kg.text": 1, "kg.rdf": 1,
    "kg.pipeline": 2,
    "kg.extract": 3, "kg.analysis": 3, "kg.publish": 3, "kg.devtools": 3,
    "kg.api": 4,
    "kg.cli": 5, "kg.__main__": 6,
}
#: What the command line may import: the API, and the core's errors (for exit codes).
CLI_IMPORTS = {"kg.api", "kg.core.errors"}

MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80
#: Data tables allowed past the limits, each with why (a table reads best whole).
ALLOWED_LONG: dict[str, str] = {
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
TREES = {name: ast.parse(path.read_text(encoding="utf-8"), str(path)) for name, path in MODULES.items()}


def _part(module: str) -> str:
    """The part of the package a module belongs to (``kg.pipeline.build`` -> ``kg.pipeline``)."""
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else module


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    if MODULES[module].name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports() -> dict[str, set[tuple[str, str | None]]]:
    """module -> {(imported module, imported name or None)} for imports of ``kg``."""
    found: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for module, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found[module] |= {(a.name, None) for a in node.names if a.name.split(".")[0] == "kg"}
            elif isinstance(node, ast.ImportFrom):
                target = _resolve(module, node)
                if target.split(".")[0] != "kg":
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}"
                    found[module].add((sub, None) if sub in MODULES else (target, alias.name))
    return found


IMPORTS = imports()


def test_the_layout_is_read():
    assert {"kg.cli", "kg.api", "kg.core.errors", "kg.pipeline.build"} <= set(MODULES)
    assert all(_part(m) in RANK for m in MODULES), sorted({_part(m) for m in MODULES} - set(RANK))


def test_imports_run_one_way():
    wrong = []
    for module, targets in IMPORTS.items():
        for target, _ in targets:
            if target in MODULES and _part(target) != _part(module) and RANK[_part(target)] >= RANK[_part(module)]:
                wrong.append(f"{module} -> {target}")
    assert not wrong, "imports against the layering (entry points -> API -> stages -> core): " + ", ".join(wrong)


def test_no_import_cycles():
    graph = {m: {t for t, _ in IMPORTS.get(m, ()) if t in MODULES and t != m} for m in MODULES}
    # a package's __init__ importing its own submodules is how packages re-export; not a cycle of design
    for m in graph:
        graph[m] = {t for t in graph[m] if not (MODULES[m].name == "__init__.py" and t.startswith(m + "."))}
    state: dict[str, int] = {}
    cycles = []

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                cycles.append(" -> ".join(path[path.index(t):] + [t]) if t in path else f"{m} -> {t}")
            elif t not in state:
                visit(t, path + [t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert not cycles, f"import cycles: {cycles}"


def test_no_private_names_across_modules():
    borrowed = sorted(f"{module} takes {name} from {target}"
                      for module, targets in IMPORTS.items()
                      for target, name in targets
                      if name and name.startswith("_") and not name.startswith("__") and target != module)
    for module, tree in TREES.items():  # module._name, after `import kg.x as module` or `from kg import x`
        aliases = {a.asname or a.name.split(".")[-1]: t for t, _ in IMPORTS.get(module, ())
                   for node in ast.walk(tree) if isinstance(node, (ast.Import, ast.ImportFrom))
                   for a in node.names if t.endswith(a.name)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
                    and node.attr.startswith("_") and not node.attr.startswith("__")):
                borrowed.append(f"{module} takes {node.attr} from {aliases[node.value.id]}")
    assert not borrowed, borrowed


def test_the_cli_goes_through_the_api():
    taken = {target for target, _ in IMPORTS["kg.cli"]}
    assert taken <= CLI_IMPORTS, f"kg.cli imports {sorted(taken - CLI_IMPORTS)}: call kg.api instead"


def test_modules_are_small():
    big = {m: n for m, p in MODULES.items()
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES and m not in ALLOWED_LONG}
    assert not big, f"modules over {MAX_MODULE_LINES} lines: {big}"


def _functions(tree: ast.AST, prefix: str):
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield f"{prefix}.{node.name}", node.end_lineno - node.lineno + 1
            yield from _functions(node, f"{prefix}.{node.name}")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, f"{prefix}.{node.name}")


def test_functions_are_small():
    big = {name: n for module, tree in TREES.items() for name, n in _functions(tree, module)
           if n > MAX_FUNCTION_LINES and name not in ALLOWED_LONG}
    assert not big, f"functions over {MAX_FUNCTION_LINES} lines: {big}"


def test_allow_list_names_only_units_over_the_limits():
    """An allow-list entry whose unit is gone or short again is removed, not kept as a loophole.

    The list is empty today: every module and function is within the limits.
    """
    sizes = {m: len(p.read_text(encoding="utf-8").splitlines()) - MAX_MODULE_LINES for m, p in MODULES.items()}
    sizes.update({name: n - MAX_FUNCTION_LINES for module, tree in TREES.items()
                  for name, n in _functions(tree, module)})
    stale = [name for name in ALLOWED_LONG if sizes.get(name, 0) <= 0]
    assert not stale, f"allow-list entries within the limits or gone: {stale}"
