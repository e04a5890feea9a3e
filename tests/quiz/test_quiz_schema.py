"""One description of the YAML format: the JSON Schema file, the checker and the model agree."""

from __future__ import annotations

import inspect
import subprocess
import sys

from kit.data import data_path
from kit.quiz import schema
from kit.quiz.base import Question
from kit.quiz.questions import TYPES
from kit.quiz.views import VIEWS
from kit.quiz.yaml_format import BUILDERS, CHECKS


def test_the_schema_file_is_generated_from_kit_quiz_schema():
    committed = data_path("quizzes", "schema-1.json").read_text(encoding="utf-8")
    assert committed == schema.schema_text(), (
        "data/quizzes/schema-1.json differs from kit/quiz/schema.py; rewrite it with "
        "'python -m kit.quiz.schema > data/quizzes/schema-1.json'"
    )


def test_schema_module_prints_the_file():
    out = subprocess.run(
        [sys.executable, "-m", "kit.quiz.schema"], capture_output=True, text=True, check=True
    ).stdout
    assert out == schema.schema_text()


def test_every_question_type_has_a_format_a_check_a_builder_and_a_view():
    kinds = set(TYPES)
    assert kinds == set(schema.KIND_FIELDS) == set(schema.KIND_REQUIRED)
    assert kinds == set(CHECKS) == set(BUILDERS) == set(VIEWS)
    assert schema.COMMON_FIELDS["type"]["enum"] == list(TYPES)


def test_common_fields_are_the_question_constructor_keywords():
    keywords = set(inspect.signature(Question.__init__).parameters) - {"self"}
    yaml_only = {"type"}  # says which class; not a constructor argument
    internal = {"extra", "jupyterquiz_answers"}  # for imported jupyterquiz questions only
    assert set(schema.COMMON_FIELDS) - yaml_only == keywords - internal


def test_every_field_of_a_type_is_a_parameter_of_its_class():
    for kind, cls in TYPES.items():
        params = set(inspect.signature(cls.__init__).parameters)
        # choice questions take their options and answer flags from 'answers'
        renamed = {"answers": "options"} if kind in ("single", "multi") else {}
        for name in schema.KIND_FIELDS[kind]:
            assert renamed.get(name, name) in params, f"{kind}: {name} is not a parameter"
        for name in schema.KIND_REQUIRED[kind]:
            assert name in schema.KIND_FIELDS[kind]


def test_known_fields_come_from_the_schema(tmp_path):
    from kit.quiz import check_bank

    path = tmp_path / "bank.yaml"
    path.write_text(
        "schema: 1\nquestions:\n  - id: a\n    type: ordering\n    prompt: p\n"
        "    items: [x, y]\n    scoringg: position\n"
    )
    [issue] = check_bank(path)
    assert "scoringg is not a known field; did you mean 'scoring'?" in str(issue)
