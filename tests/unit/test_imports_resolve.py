"""Every import of a regionhealth name, at any depth, names a module or a name it defines.

An import inside a function runs only when the function does: after the package was split into
rooms, ``from regionhealth import charts`` in a static-page branch failed only when a report was
drawn as SVG. Read from the source, so no module is imported here.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIB = ROOT / "lib"
SOURCES = sorted(
    [
        *(ROOT / "lib" / "regionhealth").rglob("*.py"),
        *(ROOT / "tests").rglob("*.py"),
        *(ROOT / "benchmarks").rglob("*.py"),
        *(ROOT / "notebooks").glob("*.py"),
    ]
)


@cache
def _file(module: str) -> Path | None:
    """The source file of ``module`` (a package's __init__.py), if it exists."""
    base = LIB.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


@cache
def _top_level_names(path: Path) -> set[str]:
    """Names a module binds at its top level (definitions, assignments, imports)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Try | ast.If):
            for sub in ast.walk(node):
                if isinstance(sub, ast.Import | ast.ImportFrom):
                    names |= {(a.asname or a.name).split(".")[0] for a in sub.names}
                elif isinstance(sub, ast.FunctionDef | ast.ClassDef):
                    names.add(sub.name)
                elif isinstance(sub, ast.Assign):
                    names |= {
                        n.id for t in sub.targets for n in ast.walk(t) if isinstance(n, ast.Name)
                    }
    return names


def _unresolved(path: Path, root: Path = ROOT) -> list[str]:
    """One line per import in ``path`` that names nothing (paths shown relative to ``root``)."""
    bad = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules = [a.name for a in node.names if a.name.split(".")[0] == "regionhealth"]
            bad += [f"{path.relative_to(root)}:{node.lineno}: {m}" for m in modules if not _file(m)]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.split(".")[0] != "regionhealth":
                continue
            where = f"{path.relative_to(root)}:{node.lineno}"
            source = _file(node.module)
            if source is None:
                bad.append(f"{where}: no module {node.module}")
                continue
            defined = _top_level_names(source)
            for a in node.names:
                if a.name != "*" and a.name not in defined and not _file(f"{node.module}.{a.name}"):
                    bad.append(f"{where}: {node.module} has no {a.name}")
    return bad


def test_every_regionhealth_import_names_something_that_exists():
    assert [line for path in SOURCES for line in _unresolved(path)] == []


def test_a_stale_import_inside_a_function_is_found(tmp_path):
    stale = tmp_path / "stale.py"
    stale.write_text(
        "def f():\n    from regionhealth import charts\n    from regionhealth.reports import charts\n",
        encoding="utf-8",
    )
    assert [line.split(": ", 1)[1] for line in _unresolved(stale, tmp_path)] == [
        "regionhealth has no charts"
    ]
