"""A notebook's cells and the lessons' markdown as HTML for the static website.

No nbconvert template (its defaults load require.js and MathJax from CDNs): markdown through
mistune, code through Pygments, and each output by its richest MIME type. The kit's static
form (:data:`kit.site.MIME`) and plotly figures become a placeholder ``<div>`` and a JSON
``<script>`` that ``site.js`` turns into a working part.

Examples
--------
>>> fix_links('<a href="02-working-the-room.ipynb">next</a> <a href="glossary.md#seed">seed</a>')
'<a href="02-working-the-room.html">next</a> <a href="glossary.html#seed">seed</a>'
>>> fix_links('the <a href="../data/quizzes/README.md">bank format</a>')
"the bank format (<code>data/quizzes/README.md</code> in the kit's files)"
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from kit.site import MIME

__all__ = ["markdown", "heading_ids", "fix_links", "json_script", "Renderer", "PAGES"]

#: Markdown files of lessons/ published as pages (file -> page); links to them are rewritten.
PAGES = {
    "self-study.md": "index.html",
    "glossary.md": "glossary.html",
    "instructor-guide.md": "instructor-guide.html",
    "answer-key.md": "answer-key.html",
}
#: Files beside lessons/ that lessons link to (the licences), as the site carries them.
BESIDE = {"../LICENSE": "LICENSE.txt", "../LICENSE-CONTENT.md": "LICENSE-CONTENT.html"}

PLOTLY = "application/vnd.plotly.v1+json"
#: A tqdm progress bar's text: tqdm's own ("sweep:  0%|   | 0/54 [...]") or the kit's plain
#: one (kit.sim.outputs.PLAIN_BAR: "Running the grid:   0% (0 of 54)").
PROGRESS = re.compile(r"^[^\n]*?\d+%(\|.*\|\s*\d+/\d+| \(\d+ of \d+\))")
WIDGET = "application/vnd.jupyter.widget-view+json"

_md = None


def markdown(text: str) -> str:
    """Markdown (with tables and raw HTML, as JupyterLab shows it) to HTML, links fixed."""
    global _md
    if _md is None:
        import mistune

        _md = mistune.create_markdown(escape=False, plugins=["table", "strikethrough", "footnotes"])
    return fix_links(_md(text))


def heading_ids(text: str) -> str:
    """Headings get the ids GitHub and JupyterLab give them, so ``[...](#a-heading)`` links
    inside a guide land (an id the page already has is not given twice). Run over a whole
    page's body (:func:`kit.site.build`), so ids are unique in the page.

    >>> heading_ids("<h2>The lessons as a website, for you</h2>")
    '<h2 id="the-lessons-as-a-website-for-you">The lessons as a website, for you</h2>'
    """
    taken = set(re.findall(r'\bid="([^"]+)"', text))

    def one(match: re.Match) -> str:
        words = html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip().lower()
        slug = re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", words))
        if not slug or slug in taken:
            return match.group(0)
        taken.add(slug)
        return f'<h{match.group(1)} id="{slug}">{match.group(2)}</h{match.group(1)}>'

    return re.sub(r"<h([1-6])>(.*?)</h\1>", one, text, flags=re.S)


def fix_links(text: str) -> str:
    """Links between lessons and to the published markdown pages, made links between pages."""

    def one(match: re.Match) -> str:
        target = match.group(2)
        path, _, anchor = target.partition("#")
        if re.fullmatch(r"(0\d-[a-z0-9-]+|a-week-later)\.ipynb", path):
            path = path[: -len(".ipynb")] + ".html"
        elif path in PAGES:
            path = PAGES[path]
        elif path in BESIDE:
            path = BESIDE[path]
        elif path == "../README.md" and anchor == "the-lessons-as-a-website":
            path, anchor = "index.html", ""  # the reader is on it
        else:
            return match.group(0)
        return f'{match.group(1)}"{path}{"#" + anchor if anchor else ""}"'

    text = re.sub(r'(href=)"([^"#:]+(?:#[^"]*)?)"', one, text)
    # other files of the kit (../data/..., ../README.md) are not on the site: name them
    return re.sub(
        r'<a href="\.\./([^"#]+)(?:#[^"]*)?">(.*?)</a>',
        r"\2 (<code>\1</code> in the kit's files)",
        text,
        flags=re.S,
    )


def json_script(ident: str, data: Any) -> str:
    """A ``<script type="application/json">`` holding ``data`` safely inside HTML."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{ident}">{text}</script>'


def _clean(value: Any) -> Any:
    """NaN and infinities (not JSON) as null, as plotly.js reads gaps."""
    if isinstance(value, float) and value != value or value in (float("inf"), float("-inf")):
        return None
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


class Renderer:
    """Renders the cells of one page; counts what it drew (for the build's report)."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.n = 0
        self.counts = {"question": 0, "explorer": 0, "prediction": 0, "solution": 0}
        self.counts.update({"figure": 0, "unsupported": 0, "error": 0})
        self.counts.update({"bare widget": 0, "progress bar": 0})
        self.problems: list[str] = []
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer

        self._lexer, self._formatter = PythonLexer(), HtmlFormatter(nowrap=False)

    def _id(self) -> str:
        self.n += 1
        return f"{self.prefix}-{self.n}"

    def code(self, source: str) -> str:
        from pygments import highlight

        return highlight(source, self._lexer, self._formatter)

    def cell(self, cell: dict) -> str:
        tags = set(cell.get("metadata", {}).get("tags", []))
        source = "".join(cell.get("source", ""))
        if cell.get("cell_type") == "markdown":
            return f'<section class="md-cell">{markdown(source)}</section>'
        if cell.get("cell_type") != "code":
            return ""
        outputs = "".join(self.output(o) for o in cell.get("outputs", []))
        code = self.code(source) if source.strip() else ""
        if "claim-check" in tags:
            body = (
                '<details class="claim-check"><summary>The check that keeps this text true to '
                f"the model (code)</summary>{code}</details>"
            )
        else:
            body = f'<div class="code-cell">{code}</div>' if code else ""
        out = f'<div class="outputs">{outputs}</div>' if outputs else ""
        return f'<section class="cell">{body}{out}</section>'

    def output(self, out: dict) -> str:
        kind = out.get("output_type")
        if kind == "stream":
            text = "".join(out.get("text", ""))
            return f'<pre class="stream {out.get("name", "")}">{html.escape(text)}</pre>'
        if kind == "error":
            self.problems.append(f"{out.get('ename')}: {out.get('evalue')}")
            return f'<pre class="error">{html.escape(out.get("ename", ""))}</pre>'
        data = out.get("data", {})
        if (out.get("metadata") or {}).get("kit", {}).get("figure_summary"):
            return ""  # a figure's summary: the figure before it shows it (its layout.meta)
        if MIME in data:
            return self.kit_part(data[MIME])
        if WIDGET in data:  # a widget with no static form (the kit's all have one)
            if PROGRESS.match("".join(data.get("text/plain", ""))):
                self.counts["progress bar"] += 1
                return ""  # a progress bar that ran during the build: nothing to read
            self.counts["bare widget"] += 1  # its text stands in for it
        if PLOTLY in data:
            return self.figure(data[PLOTLY])
        if "image/png" in data:
            alt = html.escape("".join(data.get("text/plain", "a figure"))[:200])
            src = f"data:image/png;base64,{data['image/png']}"
            return f'<img class="output-image" alt="{alt}" src="{src}">'
        if "image/svg+xml" in data:
            return f'<div class="output-svg">{"".join(data["image/svg+xml"])}</div>'
        if "text/html" in data:
            return f'<div class="output-html">{fix_links("".join(data["text/html"]))}</div>'
        if "text/markdown" in data:
            return f'<div class="output-md">{markdown("".join(data["text/markdown"]))}</div>'
        if "text/plain" in data:
            return f'<pre class="output-text">{html.escape("".join(data["text/plain"]))}</pre>'
        return ""

    def figure(self, fig: dict) -> str:
        self.counts["figure"] += 1
        ident = self._id()
        fig = dict(fig)
        layout = dict(fig.get("layout", {}))
        layout.pop("template", None)
        data = {"data": _clean(fig.get("data", [])), "layout": _clean(layout)}
        title = layout.get("title")
        title = title.get("text", "") if isinstance(title, dict) else str(title or "")
        meta = layout.get("meta")
        summary = str(meta.get("summary", "")) if isinstance(meta, dict) else ""
        label = html.escape(summary or re.sub(r"<[^>]+>", " ", title) or "A figure")
        shown = f'<p class="kit-figure-summary">{html.escape(summary)}</p>' if summary else ""
        return (
            f'<div class="kit-plot" role="figure" aria-label="{label}" data-fig="{ident}"></div>'
            + json_script(ident, data)
            + shown
        )

    def kit_part(self, form: dict) -> str:
        kind = form.get("kind", "")
        if kind == "section":
            self.counts["question"] += len(form.get("questions", []))
        elif kind in self.counts:
            self.counts[kind] += 1
        if kind == "error":
            self.problems.append(f"{form.get('what')}: {form.get('message')}")
        if kind == "figure":
            return self.figure(form["figure"])
        ident = self._id()
        return (
            f'<div class="kit-part kit-{html.escape(kind)}" data-kit="{ident}"></div>'
            + json_script(ident, form)
        )
