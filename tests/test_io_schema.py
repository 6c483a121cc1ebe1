"""The published JSON Schema agrees with the loader."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given

from conftest import EXAMPLES
from strategies import pedigrees
from xlinked import Pedigree
from xlinked.io import native

SCHEMA = json.loads(resources.files("xlinked.io").joinpath("format.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_schema_is_valid() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_examples_match_schema(path: Path) -> None:
    VALIDATOR.validate(yaml.safe_load(path.read_text()))


@given(pedigrees(max_people=10, extras=True, unknown_sex=True))
def test_written_files_match_schema(ped: Pedigree) -> None:
    VALIDATOR.validate(json.loads(native.dumps(ped, as_json=True)))


@pytest.mark.parametrize(
    "bad",
    [
        {"xlinked": 1, "individuals": []},
        {"xlinked": 1, "individuals": [{"id": 1, "sex": "F"}]},
        {"xlinked": 1, "individuals": [{"id": "a", "sex": "X"}]},
        {"xlinked": 1, "individuals": [{"id": "a", "sex": "F", "mothr": "b"}]},
        {"xlinked": 1, "individuals": [{"id": "a", "sex": "F",
                                         "tests": [{"result": "negative", "sensitivity": 2}]}]},
    ],
)
def test_schema_rejects_what_the_loader_rejects(bad: dict) -> None:
    assert not VALIDATOR.is_valid(bad)
    with pytest.raises(ValueError):
        native.from_dict(bad)
