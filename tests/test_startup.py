"""The executable's start-up measures (lambdacalc.cli.startup) change speed, never behaviour.

Each check runs in a fresh interpreter: the measures act on process-wide state (the garbage
collector, sys.modules) that must not leak into the test process.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

from lambdacalc.cli import startup

ROOT = Path(__file__).resolve().parents[1]


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )


# Modules a run need not import, by command (none of them is a stand-in: each is simply
# not imported). lambdacalc.cost's and lambdacalc.concurrency's names are imported from
# their submodules on first use (lambdacalc.lazy_exports); numbers are read by
# bounded_numbers without the JSON/YAML reader; tempfile and html only where a file is
# written or an HTML chart drawn; the around-Lambda engine only for a scenario that uses it.
NOT_IMPORTED = {
    ("concurrency", "--rps", "100", "--duration", "0.2", "--format", "json"): {
        "typer",  # a plain command line runs without it (lambdacalc.cli.fast)
        "lambdacalc.cost.account",
        "lambdacalc.cost.credits",
        "lambdacalc.cost.notes",
        "lambdacalc.cost.bill",  # imported where a function has an extra charge
        "lambdacalc.concurrency.account",
        "lambdacalc.concurrency.from_workload",
        "lambdacalc.structured",
        "lambdacalc.yaml_loader",
    },
    ("compare-memory", "--duration", "2.5s", "--memory", "128", "--sweep", "-f", "json"): {
        "lambdacalc.cost.account",
        "lambdacalc.structured",
        "tempfile",
        "html",
        "dataclasses",  # sizing's records are NamedTuples
        "typer",
    },
    # a scenario without costs around Lambda loads none of their book, rules or engine
    ("cost", "scenarios/api-backend.yaml", "--format", "json"): {
        "lambdacalc.around.engine",
        "lambdacalc.around.book",
        "typer",
        # the scenario's Source and LoadedScenario are plain classes: `dataclasses` would
        # import `inspect` (with ast, dis and tokenize), over a tenth of this run
        "dataclasses",
        "inspect",
        "difflib",  # only to suggest a key for a mistyped one
    },
}


def modules_after_run(args: tuple[str, ...]) -> tuple[set[str], str]:
    """(names in sys.modules, the run's stdout) after `lambdacalc ARGS` as the executable
    runs it."""
    result = run_python(
        "import sys\n"
        f"sys.argv = ['lambdacalc', *{list(args)!r}]\n"
        "from lambdacalc.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    assert not exc.code, exc.code\n"
        "print('MODULES', *sorted(sys.modules), file=sys.stderr)\n"
        # modules typer imports but we never use are, if imported at all, the real ones
        "once = ('subprocess', 'platform', 'bz2', 'lzma')\n"
        "once = [sys.modules[n] for n in once if n in sys.modules]\n"
        "real = all(type(m) is type(sys) and m.__spec__.origin for m in once)\n"
        "popen = all('Popen' in vars(m) for m in once if m.__name__ == 'subprocess')\n"
        "print('REAL', real, popen, file=sys.stderr)\n"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert "REAL True True" in lines
    modules = next(x for x in lines if x.startswith("MODULES ")).split()[1:]
    return set(modules), result.stdout


def test_a_command_imports_only_what_it_needs() -> None:
    for args, unneeded in NOT_IMPORTED.items():
        modules, stdout = modules_after_run(args)
        assert json.loads(stdout)  # the run did its work
        assert "lambdacalc.cost.rates" in modules  # it priced something
        assert not modules & unneeded, (args, sorted(modules & unneeded))
        if args[0] == "cost":  # the check can fail: pricing a scenario needs these
            assert {"lambdacalc.cost.account", "lambdacalc.structured"} <= modules


def test_a_json_scenario_needs_no_yaml_reader(tmp_path: Path) -> None:
    """A fleet in a JSON file (the fast path's input) is read without the YAML reader, its
    loader's regexes, or `dataclasses`."""
    functions = [
        {"name": f"fn-{i}", "memory_mb": 128, "duration_ms": 20, "requests_per_month": 10_000}
        for i in range(3)
    ]
    scenario = tmp_path / "fleet.json"
    scenario.write_text(json.dumps({"name": "fleet", "functions": functions}))
    modules, stdout = modules_after_run(("cost", str(scenario), "--format", "json"))
    # 3 x 10,000 requests = 30,000, within the free tier's 1M
    assert json.loads(stdout)["free_tier"]["requests_used"] == 30_000
    unneeded = {"yaml", "lambdacalc.yaml_loader", "dataclasses", "inspect", "difflib", "typer"}
    assert not modules & unneeded, sorted(modules & unneeded)
    assert "lambdacalc.scenario.plain_json" in modules  # (it took the fast path)


def test_begin_pauses_the_collector_and_end_freezes_and_resumes_it() -> None:
    result = run_python(
        "import gc\n"
        "from lambdacalc.cli import startup\n"
        "startup.begin()\n"
        "print(gc.isenabled())\n"
        "startup.end()\n"
        "print(gc.isenabled(), gc.get_freeze_count() > 0)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["False", "True True"]


def test_the_command_body_runs_with_the_collector_on() -> None:
    """`main` pauses collection for start-up; the root callback resumes it before a command
    runs, so a long `logs analyze` collects cycles as usual."""
    result = run_python(
        "import gc, sys\n"
        "from lambdacalc.cli import main\n"
        "import lambdacalc.concurrency as core\n"
        "plan = core.plan_function\n"
        "def spy(*a, **k):\n"
        "    print('collector on:', gc.isenabled(), file=sys.stderr)\n"
        "    return plan(*a, **k)\n"
        "core.plan_function = spy\n"
        "sys.argv = ['lambdacalc', 'concurrency', '--rps', '100', '--duration', '2',"
        " '--format', 'json']\n"
        "main()\n"
    )
    assert result.returncode == 0, result.stderr
    assert "collector on: True" in result.stderr
    # 100 rps x 2 s = 200 concurrent executions (Little's law)
    assert json.loads(result.stdout)["required_concurrency"] == 200


def test_end_without_begin_changes_nothing() -> None:
    """Tests drive the app through CliRunner, which never calls `begin`."""
    frozen = gc.get_freeze_count()
    startup.end()
    assert gc.isenabled()
    assert gc.get_freeze_count() == frozen


def test_version_answers_before_typer_is_imported() -> None:
    from lambdacalc import __version__

    result = run_python(
        "import sys\n"
        "sys.argv = ['lambdacalc', '--version']\n"
        "from lambdacalc.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'typer' in sys.modules)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"lambdacalc {__version__}", "0 False"]


def test_help_is_drawn_alike_without_importing_markdown_or_tracebacks() -> None:
    """`--help` puts stand-ins for rich.markdown and rich.traceback (typer imports them for a
    markup mode and pretty exceptions we do not use); the help text is the same as with the
    real modules."""
    code = (
        "import sys\n"
        "sys.argv = ['lambdacalc'] + {args!r}\n"
        "{prelude}"
        "from lambdacalc.cli import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('markdown_it' in sys.modules, 'pygments' in sys.modules, file=sys.stderr)\n"
    )
    for args in (["--help"], ["cost", "--help"], []):
        fast = run_python(code.format(args=args, prelude=""))
        real = run_python(code.format(args=args, prelude="import rich.markdown, rich.traceback\n"))
        assert fast.stdout == real.stdout and "Usage: lambdacalc" in fast.stdout
        assert fast.stderr.split()[-2:] == ["False", "False"]
        assert real.stderr.split()[-2:] == ["True", "True"]
    # a Markdown made after all comes from the real module
    made = run_python(
        "import sys\n"
        "from lambdacalc.cli import startup\n"
        "startup.help_requested()\n"
        "from rich.markdown import Markdown\n"
        "m = Markdown('# hi')\n"
        "print(type(m).__module__, type(sys.modules['rich.markdown']).__name__)\n"
    )
    assert made.stdout.split() == ["rich.markdown", "module"], made.stderr
    # and so does a Traceback, through the class method typer would call
    made = run_python(
        "import sys\n"
        "from lambdacalc.cli import startup\n"
        "startup.help_requested()\n"
        "from rich.traceback import Traceback\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError as e:\n"
        "    t = Traceback.from_exception(type(e), e, e.__traceback__)\n"
        "print(type(t).__module__, type(sys.modules['rich.traceback']).__name__)\n"
    )
    assert made.stdout.split() == ["rich.traceback", "module"], made.stderr
