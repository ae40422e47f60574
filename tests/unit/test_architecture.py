"""The house rules: each room imports only the rooms below it, no module imports in a circle."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "lib" / "regionhealth"

# What each room may import (besides itself), as its package docstring says. The ground floor is
# errors and paths; cli sits on top and may import anything.
ALLOWED = {
    "errors": set(),
    "paths": set(),
    "patterns": {"errors"},
    "sources": {"errors", "paths"},
    "text": {"patterns", "errors", "paths"},
    "catalog": {"text", "patterns", "sources", "errors", "paths"},
    "extract": {"catalog", "text", "patterns", "sources", "errors", "paths"},
    "store": {"extract", "catalog", "text", "patterns", "sources", "errors", "paths"},
    "reports": {"store", "extract", "catalog", "text", "patterns", "sources", "errors", "paths"},
}
# The package's face: __version__ only.
FACE = "regionhealth"


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """(line, imported module) of every regionhealth import in a file, at any depth."""
    name = name or _module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith(FACE)]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if not module.startswith(FACE):
                continue
            # from regionhealth.store import schema: the module imported is regionhealth.store.schema
            for a in node.names:
                sub = f"{module}.{a.name}"
                out.append((node.lineno, sub if _is_module(sub) else module))
    return out


def _is_module(dotted: str) -> bool:
    p = PACKAGE.parent.joinpath(*dotted.split("."))
    return p.with_suffix(".py").is_file() or (p / "__init__.py").is_file()


def _room(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _graph() -> dict[str, set[str]]:
    return {
        _module_name(p): {m for _, m in _imports(p)} - {_module_name(p)}
        for p in sorted(PACKAGE.rglob("*.py"))
    }


def test_every_room_has_a_docstring_saying_what_it_may_import():
    for room in ALLOWED:
        init = PACKAGE / room / "__init__.py"
        if init.exists():
            doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
            assert doc and "May import" in doc, room


def test_no_room_imports_a_room_above_it():
    upward = []
    for p in sorted(PACKAGE.rglob("*.py")):
        room = _room(_module_name(p))
        if room is None or room == "cli":
            continue
        assert room in ALLOWED, f"{p}: a room the house rules do not know; add it to ALLOWED"
        for line, module in _imports(p):
            target = _room(module)
            if target is not None and target != room and target not in ALLOWED[room]:
                upward.append(f"{p.relative_to(PACKAGE)}:{line} imports {module}")
    assert upward == []


def test_imports_are_absolute():
    """A relative import hides which room it reaches; the house rules read absolute ones."""
    relative = [
        f"{p.relative_to(PACKAGE)}:{node.lineno}"
        for p in sorted(PACKAGE.rglob("*.py"))
        for node in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
    ]
    assert relative == []


def test_no_module_is_over_400_lines():
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in sorted(PACKAGE.rglob("*.py"))
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400
    }
    assert long == {}


def test_nothing_imports_the_command_line():
    graph = _graph()
    assert [m for m, deps in graph.items() if "regionhealth.cli" in deps] == []


def test_no_module_imports_in_a_circle():
    graph = _graph()
    circles: list[list[str]] = []
    state: dict[str, int] = {}  # 1 on the current path, 2 done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(graph.get(node, ())):
            if state.get(dep) == 1:
                circles.append(path[path.index(dep) :] + [dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert circles == []


@pytest.mark.parametrize(
    "source, room, ok",
    [
        ("from regionhealth.store.schema import TARGETS\n", "extract", False),
        ("from regionhealth.text.numbers import parse_number\n", "extract", True),
        ("def f():\n    from regionhealth.reports import labels\n", "store", False),
    ],
)
def test_the_rule_sees_imports_at_any_depth(tmp_path, source, room, ok):
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    ((_, module),) = _imports(probe, f"regionhealth.{room}.probe")
    target = _room(module)
    assert (target == room or target in ALLOWED[room]) is ok
