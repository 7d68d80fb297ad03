"""`lambdacalc schema`: the JSON Schema of scenario files, for editors and validators."""

from lambdacalc.cli.common import write
from lambdacalc.cli.declare import command


def scenario_schema_text() -> str:
    import json

    from lambdacalc.scenario_models import ScenarioModel

    schema = ScenarioModel.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "lambdacalc scenario"
    return json.dumps(schema, indent=2) + "\n"


@command(epilog="Example:\n\n  lambdacalc schema > scenario.schema.json")
def schema() -> None:
    """Print the JSON Schema of scenario files (YAML editors use it to autocomplete)."""
    write(scenario_schema_text())
