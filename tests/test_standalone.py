"""The project stands alone: no file points into a directory that does not ship with it."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# spelled in two halves so that this file does not name it itself
OUTSIDE = "shared" + "/"
SKIP_DIRS = {".git", ".venv", "venv", "build", "dist", "node_modules"}


def project_files() -> list[Path]:
    files = []
    for path in sorted(ROOT.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if any(p in SKIP_DIRS or p.endswith(("_cache", ".egg-info")) for p in parts):
            continue
        if "__pycache__" in parts or not path.is_file():
            continue
        files.append(path)
    return files


def test_no_file_names_a_directory_outside_the_project() -> None:
    files = project_files()
    assert any(p.name == "aws-lambda.json" for p in files)  # the walk sees the price book
    offenders = [
        str(p.relative_to(ROOT))
        for p in files
        if OUTSIDE.encode() in p.read_bytes() or OUTSIDE in str(p.relative_to(ROOT))
    ]
    assert offenders == []
