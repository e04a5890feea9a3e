"""Bank files: loading, every error at once with file/line/question/field, safe YAML."""

from __future__ import annotations

import copy
import json

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kit.data import data_path
from kit.errors import KitError
from kit.quiz import BankError, BankIssue, check_bank, load_bank
from kit.quiz.questions import TYPES

EXAMPLE = data_path("quizzes", "example.yaml")


def test_example_bank_has_every_type_and_loads_by_id():
    bank = load_bank("example")
    assert bank.id == "example" and bank.path == EXAMPLE
    assert {q.type for q in bank} == set(TYPES)
    assert bank.questions[0] is next(iter(bank))
    assert load_bank(EXAMPLE).ids == bank.ids == load_bank(str(EXAMPLE)).ids
    assert check_bank("example") == []


@pytest.mark.parametrize("path", sorted(EXAMPLE.parent.glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_bank_is_valid(path):
    assert [str(issue) for issue in check_bank(path)] == []
    assert load_bank(path.stem).path == path


def test_unknown_bank_and_question_say_what_exists():
    with pytest.raises(KitError, match="no quiz bank 'nope'.*example"):
        load_bank("nope")
    with pytest.raises(KitError, match="did you mean 'trust-fastest'"):
        load_bank("example")["trust-fastes"]
    with pytest.raises(KitError, match="no bank file"):
        load_bank("missing/file.yaml")


def test_example_follows_the_published_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(data_path("quizzes", "schema-1.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text()), schema)


BROKEN = """\
schema: 1
id: lesson-x
questions:
  - id: q-ratio
    type: single
    prompt: Which ratio?
    answers:
      - text: a
        correct: true
      - text: b
      - text: c
        correct: maybe
  - id: q-num
    type: numeric
    promt: typo here
    answers:
      - range: [5, 1]
  - id: q-num
    type: essay
    prompt: What?
"""


def test_every_error_at_once_with_lines(tmp_path):
    path = tmp_path / "02.yaml"
    path.write_text(BROKEN)
    issues = check_bank(path)
    text = [str(i) for i in issues]
    name = str(path)
    assert (
        f"{name}:12 question 'q-ratio': answers[2].correct must be true or false, not 'maybe'"
        in text
    )
    assert f"{name}:15 question 'q-num': promt is not a known field; did you mean 'prompt'?" in text
    assert f"{name}:13 question 'q-num': needs a 'prompt' field" in text
    assert f"{name}:17 question 'q-num': answers[0].range must have low < high, not [5, 1]" in text
    assert any(":18 question 'q-num': id is also used by question #2" in t for t in text)
    assert any(":19 question 'q-num': type must be one of single, multi" in t for t in text)
    with pytest.raises(BankError) as info:
        load_bank(path)
    assert str(info.value).splitlines() == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("questions: [\n", ":2: is not valid YAML"),
        ("- just\n- a list\n", "must be a mapping with 'schema: 1'"),
        ("schema: 2\nquestions: []\n", "schema is 2, but this kit reads schema 1"),
        ("questions:\n  - id: a\n", "needs 'schema: 1'"),
        ("schema: 1\nschema: 1\nquestions: []\n", ":2: schema is given twice; keep only one"),
        (
            "schema: 1\nquestions:\n  - id: 1.5\n    type: text\n    prompt: p\n    answers: [x]\n",
            "id must be text",
        ),
        ("!!python/object/apply:os.system ['echo hacked']\n", "is not valid YAML"),
        ("[{]", "is not valid JSON"),
    ],
)
def test_malformed_files_give_readable_errors(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    issues = check_bank(path)
    assert issues and any(message in str(i) for i in issues), [str(i) for i in issues]


def test_banks_are_data_never_code(tmp_path, capfd):
    path = tmp_path / "evil.yaml"
    path.write_text("!!python/object/apply:os.system ['echo hacked > /dev/stderr']\n")
    with pytest.raises(BankError, match="could not determine a constructor"):
        load_bank(path)
    assert "hacked" not in capfd.readouterr().err


def test_binary_file_is_an_issue_not_a_crash(tmp_path):
    path = tmp_path / "bin.yaml"
    path.write_bytes(b"\xff\xfe\x00garbage")
    [issue] = check_bank(path)
    assert "not UTF-8" in str(issue)


# ------------------------------------------------------------------- generated broken banks

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=8),
    st.lists(st.text(max_size=4), max_size=3),
    st.dictionaries(st.text(max_size=4), st.integers(), max_size=2),
)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


BASE = yaml.safe_load(EXAMPLE.read_text())
ALL_PATHS = [p for p in _paths(BASE) if p]


@pytest.mark.slow
@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(ALL_PATHS), st.sampled_from(["set", "delete"]), junk),
        min_size=1,
        max_size=4,
    )
)
def test_generated_broken_banks_always_give_readable_errors(tmp_path, edits):
    data = copy.deepcopy(BASE)
    for path, action, value in edits:
        node = data
        try:
            for key in path[:-1]:
                node = node[key]
            if action == "delete":
                del node[path[-1]]
            else:
                node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    path = tmp_path / "gen.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    issues = check_bank(path)
    for issue in issues:
        assert isinstance(issue, BankIssue)
        line = str(issue)
        assert line.startswith(str(path)) and "\n" not in line and "Traceback" not in line
        assert issue.line is None or 1 <= issue.line <= len(path.read_text().splitlines()) + 1
    if not issues:
        bank = load_bank(path)  # a harmless edit: the bank must load and grade
        for q in bank:
            q.grade(None)
