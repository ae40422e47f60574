"""Other DuckDB clients open the store: the newest DuckDB CLI runs the README's SQL examples read-only,
and the oldest supported DuckDB (store_sql.MIN_DUCKDB_VERSION) reads every table, view and comment.

The clients live in a cached scratch venv made by `make duckdb-clients` (run here if missing).
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path

import pytest

from regionhealth.paths import ROOT
from regionhealth.store import schema
from regionhealth.store.sql import MIN_DUCKDB_VERSION, STORAGE_VERSION, view_files

CLIENTS = Path(
    os.environ.get("REGIONHEALTH_CLIENTS")
    or Path.home() / ".cache" / "regionhealth" / "duckdb-clients"
)


@pytest.fixture(scope="module")
def clients() -> Path:
    """bin/ of the scratch venv holding the newest `duckdb` CLI and DuckDB MIN_DUCKDB_VERSION."""
    if not (CLIENTS / "bin" / "duckdb").exists():
        subprocess.run(["make", "-s", "duckdb-clients"], cwd=ROOT, check=True)
    return CLIENTS / "bin"


def readme_sql() -> tuple[list[str], list[str]]:
    """The `duckdb ...` command line and every statement of the README's ```sql examples."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sql\n(.*?)```", readme, flags=re.S)
    assert blocks, "README.md has no ```sql example"
    command = next(
        (m.group(1) for b in blocks if (m := re.search(r"^-- (duckdb -readonly \S+)$", b, re.M))),
        None,
    )
    assert command, "README.md: no '-- duckdb -readonly FILE' line in a ```sql example"
    statements = []
    for block in blocks:
        code = "\n".join(line for line in block.splitlines() if not line.startswith("--"))
        statements += [s.strip() for s in code.split(";") if s.strip()]
    return shlex.split(command), statements


@pytest.fixture(scope="module")
def readme_checkout(built_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory laid out like the repository, so the README's relative store path resolves."""
    root = tmp_path_factory.mktemp("checkout")
    (root / "data" / "curated").mkdir(parents=True)
    (root / "data" / "curated" / "regionhealth.duckdb").symlink_to(built_store)
    return root


def cli(clients: Path, args: list[str], sql: str, cwd: Path) -> list[dict]:
    """Rows of one statement run by the newest DuckDB CLI, exactly as the README's command line."""
    done = subprocess.run(
        [str(clients / args[0]), *args[1:], "-json", "-c", sql],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0 and not done.stderr, f"{sql}\n{done.stderr}"
    return json.loads(done.stdout or "[]")


def test_store_file_is_written_in_the_v1_1_storage_format(built_store):
    # The header's storage version number: 64 is what DuckDB 0.10 to 1.1 write (2.0 writes 69).
    assert STORAGE_VERSION == "v1.1.0"
    header = built_store.read_bytes()[:16]
    assert header[8:12] == b"DUCK" and header[12] == 64


def test_every_readme_sql_example_returns_rows_in_the_newest_duckdb_cli(clients, readme_checkout):
    args, statements = readme_sql()
    assert args[:2] == ["duckdb", "-readonly"]
    assert len(statements) >= 3
    for sql in statements:
        assert cli(clients, args, sql, readme_checkout), f"no rows from the README example:\n{sql}"


def test_newest_cli_sees_every_table_view_and_comment(clients, readme_checkout):
    args, _ = readme_sql()
    rows = cli(
        clients,
        args,
        "SELECT table_name, count(*) AS n, count(comment) AS described FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' GROUP BY ALL",
        readme_checkout,
    )
    got = {r["table_name"]: (r["n"], r["described"]) for r in rows}
    expected = {t.name for t in schema.TABLES} | {p.stem for p in view_files()}
    assert expected <= got.keys()
    for t in schema.TABLES:
        assert got[t.name] == (len(t.columns), len(t.columns)), t.name


def test_oldest_supported_duckdb_reads_every_table_and_view(clients, built_store):
    script = (
        "import duckdb, json, sys\n"
        "con = duckdb.connect(sys.argv[1], read_only=True)\n"
        'names = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() UNION ALL '
        'SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()]\n'
        "print(json.dumps({'version': duckdb.__version__, 'rows': {n: con.execute("
        "f'SELECT count(*) FROM {n}').fetchone()[0] for n in names}}))\n"
    )
    done = subprocess.run(
        [str(clients / "python"), "-c", script, str(built_store)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["version"] == MIN_DUCKDB_VERSION
    expected = {t.name for t in schema.TABLES} | {p.stem for p in view_files()}
    assert expected <= out["rows"].keys()
    assert out["rows"]["targets"] > 0 and out["rows"]["target_comparison"] > 0
