"""`lambdacalc init`: start from a bundled scenario, for users who installed only the wheel.

The scenarios in the repository's `scenarios/` ship inside the wheel (as
`lambdacalc/data/scenarios/`); each is commented with what it shows and its expected bill.
"""

from pathlib import Path
from typing import Annotated

from lambdacalc.cli.common import handle_errors, info, write
from lambdacalc.cli.declare import argument, command, option
from lambdacalc.errors import InputError

DEFAULT_FILE = "scenario.yaml"
DEFAULT_STARTER = "api-backend"


def bundled_scenarios() -> dict[str, Path]:
    """Name (file stem) -> path of every bundled scenario, sorted by name."""
    from lambdacalc.pricing_files import data_dir

    paths = data_dir("scenarios").glob("*.yaml")
    return {p.stem: p for p in sorted(paths, key=lambda p: p.stem)}


def summary(text: str) -> tuple[str, str]:
    """(monthly bill, what it shows) from a bundled scenario's header comment.

    The header is the comment lines after the editor modeline: a sentence or two on what the
    scenario shows, then `Expected: $X a month` (which the tests check against the bill).
    """
    about: list[str] = []
    monthly = ""
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comment = line.lstrip("#").strip()
        if comment.startswith("Expected: "):
            monthly = comment.removeprefix("Expected: ").split(" ", 1)[0]
            break
        if "yaml-language-server" not in comment:
            about.append(comment)
    sentence = " ".join(about)
    first_stop = sentence.find(". ")
    return monthly, sentence if first_stop < 0 else sentence[: first_stop + 1]


def _starter(name: str) -> Path:
    scenarios = bundled_scenarios()
    if name in scenarios:
        return scenarios[name]
    import difflib

    close = difflib.get_close_matches(name, scenarios, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    raise InputError(
        f"--from: no bundled scenario '{name}'; {hint}`lambdacalc init --list` shows them"
    )


@command(
    epilog=(
        "Examples:\n\n"
        "  lambdacalc init\n\n"
        "  lambdacalc init orders.yaml --from provisioned-concurrency\n\n"
        "  lambdacalc init --list\n\n"
        "  lambdacalc init - --from savings-plan"
    )
)
@handle_errors
def init(
    file: Annotated[
        Path,
        argument(
            metavar="[FILE]",
            help=f"Where to write the scenario ('-' for standard output); default {DEFAULT_FILE}.",
            show_default=False,
        ),
    ] = Path(DEFAULT_FILE),
    starter: Annotated[
        str,
        option(
            "--from",
            metavar="NAME",
            help="The bundled scenario to start from (see --list).",
        ),
    ] = DEFAULT_STARTER,
    force: Annotated[bool, option("--force", help="Overwrite FILE if it exists.")] = False,
    list_them: Annotated[
        bool, option("--list", help="List the bundled scenarios and what each shows.")
    ] = False,
) -> None:
    """Write a commented starter scenario to edit, from the scenarios bundled with lambdacalc."""
    if list_them:
        rows = {
            name: summary(path.read_text(encoding="utf-8"))
            for name, path in bundled_scenarios().items()
        }
        name_width = max(map(len, rows))
        bill_width = max(len(monthly) for monthly, _ in rows.values())
        write(
            "".join(
                f"{name:<{name_width}}  {monthly:>{bill_width}}  {about}\n"
                for name, (monthly, about) in rows.items()
            )
        )
        return
    text = _starter(starter).read_text(encoding="utf-8")
    if str(file) == "-":
        write(text)
        return
    from lambdacalc.output_files import check_outputs, write_outputs

    check_outputs([("FILE", file)], force, [])
    write_outputs([(file, text)])
    info(f"Wrote {file} (the bundled {starter} scenario). Edit it, then: lambdacalc cost {file}")
