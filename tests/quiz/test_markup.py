"""Bank text's Markdown subset (issue 25): code, bold, italics and links become markup;
everything else stays escaped text (bank text is untrusted input), in every bank."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kit import quiz
from kit.quiz.markup import inline_html, plain_text
from kit.quiz.views import prompt_html

BANKS = sorted((Path(__file__).parents[2] / "data" / "quizzes").glob("*.yaml"))


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("Look at the `unfollows` column.", "Look at the <code>unfollows</code> column."),
        ("**Not** this, *that*.", "<strong>Not</strong> this, <em>that</em>."),
        ("__strong__ and _soft_", "<strong>strong</strong> and <em>soft</em>"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("`**not bold**` here", "<code>**not bold**</code> here"),
        ("$a*b*c$ stays TeX", "$a*b*c$ stays TeX"),
        (
            "[the article](https://example.org/a?b=1&c=2)",
            '<a href="https://example.org/a?b=1&amp;c=2" target="_blank"'
            ' rel="noopener noreferrer">the article</a>',
        ),
        ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
        ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
        ('**<img src=x onerror="y">**', '<strong>&lt;img src=x onerror="y"&gt;</strong>'),
    ],
)
def test_the_subset_is_markup_and_the_rest_is_text(text, html):
    assert inline_html(text) == html


@given(st.text(max_size=80))
def test_no_tag_but_the_subsets_ever_comes_out(text):
    out = inline_html(text)
    tags = set(re.findall(r"</?([a-zA-Z][a-zA-Z0-9]*)", out))
    assert tags <= {"code", "strong", "em", "a"}
    for href in re.findall(r'href="([^"]*)"', out):
        assert href.startswith(("http://", "https://", "mailto:"))


def test_every_banks_text_shows_no_raw_markdown():
    """Prompts, options, hints, explanations and option feedback of every bank, as the
    widgets render them: no '**', no backtick and no '*x*' is left as text."""
    seen = 0
    for path in BANKS:
        bank = quiz.load_bank(path)
        for q in bank.questions:
            texts = [q.prompt, *q.hints, q.explanation or ""]
            texts += [getattr(o, "label", "") for o in getattr(q, "options", [])]
            texts += [getattr(o, "feedback", "") or "" for o in getattr(q, "options", [])]
            for text in texts:
                shown = re.sub(r"<code>.*?</code>", "", inline_html(text))
                assert "**" not in shown and "`" not in shown, (path.name, q.id, text)
                assert not re.search(r"(?<![\w*$])\*[^*\s][^*]*\*(?!\w)", shown), text
                seen += "`" in text or "*" in text
        prompt = prompt_html(bank.questions[0])
        assert "`" not in re.sub(r"<code>.*?</code>", "", prompt)
    assert seen >= 10  # the banks do use the subset (backticks, *emphasis*)


def test_hints_in_the_widget_are_rendered_not_raw():
    widget = None
    for path in BANKS:
        bank = quiz.load_bank(path)
        for q in bank.questions:
            if any("`" in h for h in q.hints):
                widget = quiz.QuestionWidget(q, bank_id=bank.id, store=False)
                break
        if widget:
            break
    assert widget is not None
    for _ in widget.question.hints:
        widget.show_hint()
    assert "<code>" in widget.hints.value and "`" not in widget.hints.value


def test_plain_text_takes_the_marks_out():
    assert plain_text("Vary `tolerance` **widely**, *now* [here](https://x.org)") == (
        "Vary tolerance widely, now here"
    )
