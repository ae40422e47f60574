"""The README's R example runs with Rscript on the CSV exports and gets typed columns back."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from regionhealth.paths import ROOT

# Appended to the README's example: what R made of the columns, as JSON for the assertions.
CHECKS = """
documents <- read_resource("documents")
regions <- read_resource("regions")
cat("\\n<<<", toJSON(list(
  rows = nrow(comparison),
  target_year = class(comparison$target_year),
  value = class(comparison$value),
  published_date = class(documents$published_date),
  admin_code = class(regions$admin_code),
  admin_codes = regions$admin_code
), auto_unbox = TRUE), ">>>\\n")
"""


@pytest.fixture(scope="module")
def rscript() -> str:
    """Rscript with the packages the example uses (`make r` installs them through apt-get)."""
    probe = ["Rscript", "-e", "library(readr); library(jsonlite)"]
    if not shutil.which("Rscript") or subprocess.run(probe, capture_output=True).returncode:
        subprocess.run(["make", "-s", "r"], cwd=ROOT, check=True)
    return shutil.which("Rscript") or "Rscript"


def readme_r() -> str:
    blocks = re.findall(r"```r\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "README.md should have one ```r example"
    return blocks[0]


def test_readme_r_example_reads_the_exports_with_their_types(rscript, built_store, tmp_path):
    (tmp_path / "data" / "curated").mkdir(parents=True)
    (tmp_path / "data" / "curated" / "export").symlink_to(built_store.parent / "export")
    script = tmp_path / "example.R"
    script.write_text(readme_r() + CHECKS, encoding="utf-8")
    done = subprocess.run(
        [rscript, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(re.search(r"<<< (.*) >>>", done.stdout, re.S).group(1))
    assert out["rows"] > 0
    assert out["target_year"] == "integer"
    assert out["value"] == "numeric"
    assert out["published_date"] == "Date"
    assert out["admin_code"] == "character"
    assert all(len(code) == 6 for code in out["admin_codes"])
    # The example prints the rows it selects.
    assert "target_year" in done.stdout.split("<<<")[0]
