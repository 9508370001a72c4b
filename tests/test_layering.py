"""The house's layering (pyproject.toml's import-linter contracts) holds, and a break is caught."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the venv's own lint-imports on a fixed path
        [str(LINT_IMPORTS), "--no-cache", "--no-logo", str(root / "pyproject.toml")],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_code_keeps_every_contract() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "BROKEN" not in result.stdout and result.stdout.count("KEPT") >= 4


def test_a_model_importing_an_operation_breaks_the_contract(tmp_path: Path) -> None:
    copy = tmp_path / "house"
    shutil.copytree(ROOT / "app", copy / "app", ignore=shutil.ignore_patterns("static", "*.mo"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    models = copy / "app" / "reviews" / "models.py"
    models.write_text(models.read_text() + "\nfrom app.reviews import decisions  # noqa\n")
    result = _lint_imports(copy)
    assert result.returncode != 0
    assert "Models import no operations, reads, policies or pages BROKEN" in result.stdout
    assert "app.reviews.models -> app.reviews.decisions" in result.stdout
