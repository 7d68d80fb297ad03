"""The README, the pages under docs/ and --help stay true: every command is documented, every
documented `lambdacalc …` example line runs, every YAML block prices as a scenario, and every
scenario key is explained."""

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
DOC_PAGES = sorted((ROOT / "docs").glob("*.md"))
# every user-facing page: the README first, then docs/
PAGES = {"README.md": README} | {f"docs/{p.name}": p.read_text(encoding="utf-8") for p in DOC_PAGES}


def commands() -> list[str]:
    import typer.main

    group = typer.main.get_group(app)
    return sorted(group.commands)


def test_every_command_is_in_the_readme() -> None:
    for name in commands():
        assert f"lambdacalc {name}" in README, f"README has no section for `lambdacalc {name}`"


def examples(text: str) -> list[str]:
    """Plain `lambdacalc …` lines in ```sh blocks that read only bundled files."""
    blocks = re.findall(r"```sh\n(.*?)```", text, re.S)
    lines = [ln.split("#")[0].strip() for b in blocks for ln in b.splitlines()]
    return [
        ln
        for ln in lines
        if ln.startswith("lambdacalc ") and not any(c in ln for c in "|<>") and "--prices" not in ln
    ]


def page_examples() -> list[Any]:
    return [
        pytest.param(line, id=f"{page}: {line}")
        for page, text in PAGES.items()
        for line in examples(text)
    ]


def test_every_page_has_examples_that_are_checked() -> None:
    # the collection above cannot silently find nothing (a renamed fence, a moved page)
    assert len(DOC_PAGES) >= 8
    for page in ("README.md", "docs/cost.md", "docs/concurrency.md", "docs/logs.md"):
        assert examples(PAGES[page]), f"{page} has no runnable example"


@pytest.mark.parametrize("line", page_examples())
def test_documented_example_runs(line: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, shlex.split(line)[1:])
    assert result.exit_code == 0, f"{line}\n{result.stderr}"


def yaml_blocks() -> list[Any]:
    return [
        pytest.param(block, id=f"{page}#{i}")
        for page, text in PAGES.items()
        for i, block in enumerate(re.findall(r"```ya?ml\n(.*?)```", text, re.S), 1)
    ]


def test_the_readme_has_a_yaml_block_first_in_a_scenario_section() -> None:
    section = README.split("## A scenario", 1)[1].split("\n## ", 1)[0]
    assert "```yaml\n" in section
    assert len(yaml_blocks()) >= 3  # README's, and docs/scenarios.md's two


@pytest.mark.parametrize("block", yaml_blocks())
def test_every_yaml_block_prices_as_a_scenario(block: str, tmp_path: Path) -> None:
    scenario = tmp_path / "example.yaml"
    scenario.write_text(block, encoding="utf-8")
    result = CliRunner().invoke(app, ["cost", str(scenario), "--format", "json"])
    assert result.exit_code == 0, f"{block}\n{result.stderr}"


def test_every_relative_link_resolves() -> None:
    for page, text in PAGES.items():
        base = (ROOT / page).parent
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", text):
            assert (base / target).exists(), f"{page} links to missing {target}"


def test_the_readme_stays_short() -> None:
    # reference belongs under docs/; the README is what a new user reads first
    assert len(README.splitlines()) <= 200


def test_every_command_has_a_reference_page() -> None:
    reference = "\n".join(PAGES[p] for p in PAGES if p.startswith("docs/"))
    for name in _leaf_commands():
        assert f"lambdacalc {name}" in reference, f"no page under docs/ covers `lambdacalc {name}`"


def test_quickstart_is_two_commands() -> None:
    section = README.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, re.S)
    assert len(blocks) == 2
    assert "lambdacalc cost scenarios/" in blocks[0]
    assert blocks[1].strip() == "python -m pytest"


def test_every_scenario_key_is_in_the_scenario_reference() -> None:
    from lambdacalc import scenario_models as m

    for model in (
        m.ScenarioModel,
        m.FunctionModel,
        m.ProvisionedConcurrencyModel,
        m.SizingHintsModel,
        m.SnapStartModel,
        m.ResponseStreamingModel,
        m.SavingsPlanModel,
        m.AccountModel,
        m.DurableModel,
        m.TenantIsolationModel,
        m.SqsPollersModel,
        m.KafkaPollersModel,
        m.ManagedInstancesModel,
    ):
        for key in model.model_fields:
            if key == "version":
                continue
            assert re.search(rf"\b{key}\b", PAGES["docs/scenarios.md"]), (
                f"docs/scenarios.md never explains `{key}`"
            )


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


# --- --help examples ------------------------------------------------------------------------

# Files a help example names that a user would have: each is stood in for by a bundled file
# of the same kind, so that the example runs as written. A bundled path (scenarios/…,
# pricing/…, tests/…) gets no stand-in: it must exist.
HELP_STAND_INS = {
    "workload.yaml": "scenarios/api-backend.yaml",
    "orders.log": "tests/fixtures/logs/tail-text.log",
    "app.log.gz": "tests/fixtures/logs/json-format.log",  # gzip-compressed by the test
    "results.csv": "tests/fixtures/logs/agree-orders/insights.csv",
    "index.json": "tests/fixtures/pricelist/bulk-index.json",
    "getproducts.json": "tests/fixtures/pricelist/getproducts-edge.json",
    "old.yaml": "pricing/aws-lambda.json",  # JSON is YAML
    "new.json": "pricing/aws-lambda.json",
    "my-negotiated-prices.json": "pricing/aws-lambda.json",
    "pricing/aws-2026-11.json": "pricing/aws-lambda.json",
    "template.yaml": "tests/fixtures/iac/sam-globals-pc.yaml",
    "usage.yaml": "tests/fixtures/iac/sam-usage.yaml",
    "cdk.out/MyStack.template.json": "tests/fixtures/iac/cdk-synth.template.json",
    "stack-usage.yaml": "tests/fixtures/iac/cdk-usage.yaml",
    "main.yaml": "scenarios/api-backend.yaml",
    "ec2-us-east-1.json": "tests/fixtures/ec2/ec2-offer-small.json",
    "sqs.json": "tests/fixtures/pricelist/around/queue-bulk.json",
    "pr.yaml": "scenarios/api-backend.yaml",
}
POWER_TUNING_RESULTS = (
    '{"results": {"stats": [{"value": 128, "averageDuration": 2500, "averagePrice": 0.0000054},'
    ' {"value": 1024, "averageDuration": 300, "averagePrice": 0.0000052}]}}'
)
OUTPUT_FLAGS = {"-o", "--output", "--emit-scenario", "--svg", "--html"}


def help_examples() -> list[Any]:
    """Every `lambdacalc …` command in an --help text, as (command, its line)."""
    import typer.main

    group = typer.main.get_group(app)
    texts = {"": group.help or ""}
    for name, command in _all_commands().items():
        texts[name] = "\n".join(filter(None, [command.help, command.epilog]))
    found = []
    for name, text in texts.items():
        for line in text.splitlines():
            line = line.strip()
            inner = re.search(r"\$\((lambdacalc [^)]*)\)", line)
            if inner:  # a command substitution inside another tool's command line
                line = inner[1]
            if line.startswith("cat ") and "| lambdacalc " in line:
                pass  # standard input from a file
            elif not line.startswith("lambdacalc "):
                continue
            found.append(pytest.param(line, id=f"{name or 'lambdacalc'}: {line}"))
    return found


def _all_commands() -> dict[str, Any]:
    import typer.main

    out: dict[str, Any] = {}

    def walk(command: Any, prefix: str) -> None:
        if prefix:
            out[prefix] = command
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, f"{prefix} {name}".strip())

    walk(typer.main.get_group(app), "")
    return out


def test_every_command_with_examples_is_collected() -> None:
    named = {p.id.split(":")[0] for p in help_examples()}
    assert {"lambdacalc", "cost", "compare-memory", "logs analyze", "prices import"} <= named


@pytest.mark.parametrize("line", help_examples())
def test_every_help_example_runs(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in a scratch directory that holds the bundled files (read-only links) and a
    stand-in for each file the user would bring; outputs land in the scratch directory."""
    stdin = None
    if "|" in line:  # `cat FILE | lambdacalc …` or `lambdacalc … | jq …`
        parts = [p.strip() for p in line.split("|")]
        first, command = (
            (parts[0], parts[1])
            if parts[1].startswith("lambdacalc")
            else (
                "",
                parts[0],
            )
        )
        if first.startswith("cat "):
            stdin = (ROOT / HELP_STAND_INS[first.split()[1]]).read_text(encoding="utf-8")
        elif first.startswith("lambdacalc "):  # one lambdacalc command feeding another
            stdin = _run_help_example(first, tmp_path, monkeypatch, None).stdout
        line = command
    _run_help_example(line, tmp_path, monkeypatch, stdin)


def _run_help_example(
    line: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stdin: str | None
) -> Any:
    import gzip
    import os

    line = line.split(" > ")[0]  # a redirect of standard output
    args = shlex.split(line)[1:]

    for folder in ("scenarios", "pricing"):
        if (tmp_path / folder).exists():  # the first command of a pipe laid them out
            break
        (tmp_path / folder).mkdir()
        for path in (ROOT / folder).iterdir():
            os.symlink(path, tmp_path / folder / path.name)
    if not (tmp_path / "tests").exists():
        os.symlink(ROOT / "tests", tmp_path / "tests")
    for i, arg in enumerate(args):
        if i and args[i - 1] in OUTPUT_FLAGS:
            continue
        if arg in HELP_STAND_INS and not (tmp_path / arg).exists():
            data = (ROOT / HELP_STAND_INS[arg]).read_bytes()
            (tmp_path / arg).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / arg).write_bytes(gzip.compress(data) if arg.endswith(".gz") else data)
        elif arg == "results.json":
            (tmp_path / arg).write_text(POWER_TUNING_RESULTS, encoding="utf-8")
        elif arg.startswith(("scenarios/", "pricing/", "tests/")):
            assert (ROOT / arg).exists(), f"{line}: {arg} is not a bundled file"
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, args, input=stdin)
    assert result.exit_code == 0, f"{line}\n{result.stderr}"
    return result


@pytest.mark.parametrize("page", ["compare-memory.md", "logs.md"])
def test_the_docs_explain_the_three_recommendation_bases(page: str) -> None:
    text = (ROOT / "docs" / page).read_text()
    assert "recommendation_basis" in text
    for basis in ("`measured`", "`given`", "`assumed`"):
        assert basis in text, f"{page}: no {basis}"
    assert "if_cpu_bound_mb" in text and "if_io_bound_mb" in text
