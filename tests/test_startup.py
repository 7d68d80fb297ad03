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


def test_deferred_modules_are_stand_ins_until_used_then_real() -> None:
    result = run_python(
        "import sys\n"
        "from lambdacalc.cli import startup\n"
        "startup.begin()\n"
        "import subprocess, platform\n"
        "print(type(sys.modules['subprocess']).__name__)\n"
        # first use imports the real module, and it works
        "print(subprocess.run(['true']).returncode, platform.system() != '')\n"
        "real = sys.modules['subprocess']\n"
        "print(type(real).__name__, real.Popen.__module__)\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["_Deferred", "0 True", "module subprocess"]


def test_a_stand_in_answers_find_spec_like_the_real_module() -> None:
    result = run_python(
        "import sys\n"
        "from importlib.util import find_spec\n"
        "from lambdacalc.cli import startup\n"
        "startup.begin()\n"
        "spec = find_spec('platform')\n"
        "print(type(sys.modules['platform']).__name__, spec.name, spec.origin.endswith('.py'))\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["_Deferred", "platform", "True"]


def test_from_import_of_a_deferred_module_gets_the_real_name() -> None:
    result = run_python(
        "from lambdacalc.cli import startup\n"
        "startup.begin()\n"
        "from lzma import compress, decompress\n"
        "print(decompress(compress(b'ok')).decode())\n"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


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
