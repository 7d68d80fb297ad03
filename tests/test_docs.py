"""The README and --help stay true: every command is documented, every documented
`lambdacalc …` example line runs, and every scenario key is explained."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from lambdacalc.cli import app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def commands() -> list[str]:
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_every_command_is_in_the_readme() -> None:
    for name in commands():
        assert f"lambdacalc {name}" in README, f"README has no section for `lambdacalc {name}`"


def readme_examples() -> list[str]:
    """Plain `lambdacalc …` lines in ```sh blocks that read only bundled files."""
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)
    lines = [ln.split("#")[0].strip() for b in blocks for ln in b.splitlines()]
    return [
        ln
        for ln in lines
        if ln.startswith("lambdacalc ") and not any(c in ln for c in "|<>") and "--prices" not in ln
    ]


@pytest.mark.parametrize("line", readme_examples())
def test_readme_example_runs(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(line)[1:])
    assert result.exit_code == 0, f"{line}\n{result.stderr}"


def test_quickstart_is_two_commands() -> None:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    assert "lambdacalc cost scenarios/" in blocks[0]
    assert blocks[1].strip() == "python -m pytest"


def test_every_scenario_key_is_in_the_readme() -> None:
    from lambdacalc import scenario_models as m

    for model in (
        m.ScenarioModel,
        m.FunctionModel,
        m.ProvisionedConcurrencyModel,
        m.SavingsPlanModel,
        m.AccountModel,
    ):
        for key in model.model_fields:
            if key == "version":
                continue
            assert re.search(rf"\b{key}\b", README), f"README never explains `{key}`"


def _leaf_commands() -> dict[str, Any]:
    """Every runnable command by its full name ('cost', 'prices diff', …)."""
    import typer.main

    out: dict[str, Any] = {}

    def walk(command: Any, prefix: str) -> None:
        if hasattr(command, "commands"):  # a group (typer vendors click)
            if prefix and command.invoke_without_command:
                out[prefix] = command  # `lambdacalc prices` is itself a report
            for name, sub in command.commands.items():
                walk(sub, f"{prefix} {name}".strip())
        else:
            out[prefix] = command

    walk(typer.main.get_group(app), "")
    return out


def test_the_readme_says_which_commands_take_format() -> None:
    sentence = README.split("Every report (", 1)[1].split(")", 1)[0]
    documented = set(re.findall(r"`([a-z -]+)`", sentence))
    with_format = {
        name
        for name, command in _leaf_commands().items()
        if any("--format" in p.opts for p in command.params)
    }
    assert documented == with_format


def _section(heading: str) -> str:
    start = README.index(f"### {heading}\n")
    end = README.find("\n## ", start)
    following = README.find("\n### ", start + 1)
    ends = [e for e in (end, following) if e != -1]
    return README[start : min(ends)] if ends else README[start:]


@pytest.mark.parametrize("heading", ["lambdacalc compare-memory", "lambdacalc logs"])
def test_the_readme_explains_the_three_recommendation_bases(heading: str) -> None:
    text = _section(heading)
    assert "recommendation_basis" in text
    for basis in ("`measured`", "`given`", "`assumed`"):
        assert basis in text, f"{heading}: no {basis}"
    assert "if_cpu_bound_mb" in text and "if_io_bound_mb" in text
