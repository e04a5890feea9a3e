"""Drive a private JupyterLab with Debian's Chromium: used by the browser tests and
``benchmarks/browser.py``.

- :func:`start_lab` starts JupyterLab on a free loopback port with a token, on a copy of
  ``lessons/`` (plus two small notebooks), with private config, data, runtime, settings and
  workspace folders, news and update checks off and a private progress database.
- :func:`launch` starts ``/usr/bin/chromium`` headless (never ``playwright install``).
- :func:`browser_and_lab` is both, in a temporary home, for the browser benchmarks.
- :func:`guard_network` aborts and records requests to hosts other than loopback.
- :func:`open_notebook`, :func:`run_all`, :func:`output_report` work on a notebook page.

Run-all, restart and theme changes go through JupyterLab's own command registry
(``window.jupyterapp.commands``), exactly what the menus call; answering questions and
moving sliders is done by the tests with key presses only.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LESSONS = ROOT / "lessons"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TOKEN = "kit-browser-test-token"
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
LESSON_FILES = sorted(p.name for p in LESSONS.glob("0[0-6]-*.ipynb"))
QUIZ_NOTEBOOK = "quiz-example.ipynb"
EXPLORE_NOTEBOOK = "explore-lesson-size.ipynb"
PREDICT_NOTEBOOK = "predict-and-explore.ipynb"
# Generous: on a loaded 2-core machine a lesson's cells take 10-25 s of kernel time.
RUN_TIMEOUT_MS = 300_000
UI_TIMEOUT_MS = 60_000
LIGHT, DARK = "JupyterLab Light", "JupyterLab Dark"
OUT = ROOT / "test-output" / "browser"
VIEWPORT = {"width": 1280, "height": 1000}
SCREENSHOTS = os.environ.get("KIT_SCREENSHOTS", "") not in ("", "0")

_KERNELSPEC = {"name": "python3", "display_name": "Python 3", "language": "python"}


def missing() -> str:
    """Why the browser cannot run here, or ''."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (Debian: apt-get install chromium)"
    return ""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_json(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1))


def _notebook(path: Path, cells: list[str]) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(_KERNELSPEC)
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    nbformat.write(nb, path)


class Lab:
    """A running JupyterLab: ``base`` URL, ``token``, ``root`` folder, ``url(path)``, REST."""

    def __init__(self, base: str, root: Path, home: Path):
        self.base, self.root, self.home, self.token = base, root, home, TOKEN
        self.log = home / "lab.log"

    def url(self, notebook: str) -> str:
        # ?reset: start from an empty workspace, not with the tabs of the previous page.
        return f"{self.base}/lab/tree/{urllib.parse.quote(notebook)}?reset&token={self.token}"

    def api(self, path: str, method: str = "GET", data=None):
        req = urllib.request.Request(
            f"{self.base}{path}",
            method=method,
            data=None if data is None else json.dumps(data).encode(),
            headers={"Authorization": f"token {self.token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def forget_progress(self) -> int:
        """Delete every stored attempt (a test that needs fresh questions, whatever ran
        before it); returns how many were deleted."""
        from kit.quiz import ProgressStore

        return ProgressStore(self.home / "progress.db").reset()

    def shutdown_kernels(self) -> None:
        """Stop every kernel (one lesson at a time keeps a 2-core machine responsive)."""
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def set_theme(self, theme: str) -> None:
        """Store the theme in this server's private settings (used from the next page load)."""
        self.api(
            "/lab/api/settings/@jupyterlab/apputils-extension:themes",
            method="PUT",
            data={"raw": json.dumps({"theme": theme})},
        )


def _settings(folder: Path) -> None:
    """Private user settings: no news, no update checks, light theme, no windowing."""
    ext = folder / "@jupyterlab"
    _write_json(
        ext / "apputils-extension" / "notification.jupyterlab-settings",
        {"fetchNews": "false", "checkForUpdates": False},
    )
    _write_json(ext / "apputils-extension" / "themes.jupyterlab-settings", {"theme": LIGHT})
    # "none" attaches every cell, so every output is in the DOM to be checked and
    # photographed (the default, contentVisibility, skips rendering work off-screen).
    _write_json(
        ext / "notebook-extension" / "tracker.jupyterlab-settings", {"windowingMode": "none"}
    )


@contextlib.contextmanager
def start_lab(home: Path) -> Iterator[Lab]:
    """Start JupyterLab in ``home`` (a fresh folder); stop it on exit."""
    root = home / "root"
    shutil.copytree(LESSONS, root, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    _notebook(
        root / QUIZ_NOTEBOOK,
        ["from kit import quiz\nquiz.ask('example', 'trust-fastest')", "quiz.ask_all('example')"],
    )
    _notebook(root / EXPLORE_NOTEBOOK, ["from kit.explore import explore\nexplore()"])
    _notebook(
        root / PREDICT_NOTEBOOK,
        [
            "from kit import sim\nfrom kit.explore import explore, predict_then_reveal\n"
            "predict_then_reveal('In which week does relationship overtake broadcast?',"
            " sim.Scenario(population=2_000, weeks=60, seed=3),"
            " strategies=('broadcast', 'relationship'), answer='crossover',"
            " question_id='browser-overtake')",
            "explore(sliders=('hours', 'reach'), population=2_000, weeks=30)",
        ],
    )
    config = home / "config"
    lab_config = {
        "LabApp": {
            "news_url": None,
            "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
        }
    }
    _write_json(config / "jupyter_server_config.json", lab_config)
    _write_json(config / "jupyter_lab_config.json", lab_config)
    _settings(home / "settings")
    port = _free_port()
    env = {
        **os.environ,
        "KIT_PROGRESS_DB": str(home / "progress.db"),
        "KIT_OUTBOX": str(home / "outbox.db"),
        "KIT_LEARNER": "browser-test",
        "JUPYTER_CONFIG_DIR": str(config),
        # Kernel specs and lab extensions live in sys.prefix (the venv), still found.
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "PYTHONUNBUFFERED": "1",
    }
    lab = Lab(f"http://127.0.0.1:{port}", root, home)
    with lab.log.open("w") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root",
                "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
                "--ServerApp.port_retries=0", f"--ServerApp.token={TOKEN}",
                f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
                # window.jupyterapp: the command registry the menus use (see module doc).
                "--LabApp.expose_app_in_browser=True",
            ],
            env=env, stdout=log, stderr=subprocess.STDOUT, cwd=home,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"JupyterLab exited ({proc.returncode}):\n{lab.log.read_text()}"
                    )
                try:
                    lab.api("/api/status")
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise RuntimeError(
                            f"JupyterLab did not answer /api/status; see {lab.log}"
                        ) from None
                    time.sleep(0.25)
            yield lab
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def launch(playwright):
    """Debian's Chromium, headless, with the agreed flags."""
    return playwright.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )


@contextlib.contextmanager
def browser_and_lab(prefix: str) -> Iterator[tuple]:
    """``(browser, lab)``: Chromium and a JupyterLab in a temporary home named ``prefix...``.

    For the browser benchmarks (``benchmarks/browser.py``, ``benchmarks/replay_browser.py``);
    the lab, the browser and the home are gone on exit. Check :func:`missing` first.
    """
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix=prefix) as home, sync_playwright() as p:
        browser = launch(p)
        try:
            with start_lab(Path(home)) as lab:
                yield browser, lab
        finally:
            browser.close()


def guard_network(context, blocked: list[str]) -> None:
    """Abort, and record in ``blocked``, every request to a host other than loopback."""

    def handle(route):
        url = route.request.url
        host = urllib.parse.urlsplit(url).hostname or ""
        if url.startswith(("data:", "blob:")) or host in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort("blockedbyclient")

    context.route("**/*", handle)


# ---------------------------------------------------------------------------- notebook page

_KERNEL_STATE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
    && panel.sessionContext.session.kernel;
  return kernel ? kernel.status : "none";
}"""

_IDLE = """() => {
  const panel = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const ctx = panel && panel.sessionContext;
  const kernel = ctx && ctx.session && ctx.session.kernel;
  if (!kernel || kernel.status !== "idle" || ctx.pendingInput) return false;
  const prompts = [...panel.node.querySelectorAll(".jp-InputArea-prompt")];
  return !prompts.some((p) => p.textContent.includes("*"));
}"""


def open_notebook(page, lab: Lab, name: str) -> None:
    """Open ``name`` and wait until its kernel is idle (answering a kernel dialog if asked)."""
    page.goto(lab.url(name))
    page.wait_for_selector(
        ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook", timeout=UI_TIMEOUT_MS * 2
    )
    page.wait_for_function(
        f"() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
        f" && window.jupyterapp.shell.currentWidget.context"
        f" && window.jupyterapp.shell.currentWidget.context.path === {json.dumps(name)}",
        timeout=UI_TIMEOUT_MS * 2,
    )
    deadline = time.monotonic() + UI_TIMEOUT_MS * 2 / 1000
    while page.evaluate(_KERNEL_STATE) != "idle":
        dialog = page.locator(".jp-Dialog")
        if dialog.count():  # "Select Kernel": the notebook's own python3 is the default
            page.keyboard.press("Enter")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the kernel of {name} did not become idle")
        page.wait_for_timeout(200)


def run_command(page, command: str, args: dict | None = None) -> None:
    """Start a JupyterLab command (as its menu item does) without waiting for it to finish."""
    page.evaluate(
        "([c, a]) => { window.__kitCommand = window.jupyterapp.commands.execute(c, a)"
        ".then(() => 'done', (e) => String(e)); }",
        [command, args or {}],
    )


def wait_idle(page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until the kernel is idle and no cell shows the [*] busy prompt."""
    page.wait_for_function(_IDLE, timeout=timeout_ms, polling=250)


def run_all(page, timeout_ms: int = RUN_TIMEOUT_MS) -> float:
    """Run all cells (Run > Run All Cells) and wait until done; returns seconds taken."""
    start = time.perf_counter()
    run_command(page, "notebook:run-all-cells")
    page.wait_for_function(
        "() => window.__kitCommand && window.__kitCommand.then", timeout=timeout_ms
    )
    page.wait_for_function(
        "() => { const p = window.__kitCommand; if (!p.__watched) { p.__watched = true;"
        " p.then((v) => { window.__kitCommandResult = v; }); }"
        " return window.__kitCommandResult !== undefined; }",
        timeout=timeout_ms,
        polling=250,
    )
    wait_idle(page, timeout_ms)
    took = time.perf_counter() - start
    page.evaluate(
        "() => { window.__kitCommand = undefined; window.__kitCommandResult = undefined; }"
    )
    wait_widgets_settled(page)
    return took


def restart_kernel(page) -> None:
    """Restart the kernel without the confirmation dialog (Kernel > Restart asks first)."""
    page.evaluate("() => window.jupyterapp.shell.currentWidget.sessionContext.restartKernel()")
    wait_idle(page, UI_TIMEOUT_MS * 2)


def set_theme_live(page, theme: str) -> None:
    """Switch the theme now (Settings > Theme), without reloading the page."""
    page.evaluate(
        "(t) => window.jupyterapp.commands.execute('apputils:change-theme', {theme: t})", theme
    )
    light = "true" if theme == LIGHT else "false"
    page.wait_for_selector(f"body[data-jp-theme-light='{light}']", state="attached")
    page.wait_for_function(
        "(t) => document.body.dataset.jpThemeName === t", arg=theme, timeout=UI_TIMEOUT_MS
    )
    page.wait_for_timeout(300)  # theme CSS is applied; let plotly/widgets repaint


_SETTLED = """() => {
  const panel = window.jupyterapp.shell.currentWidget.node;
  const text = panel.innerText;
  return !text.includes("Loading widget...") && !text.includes("Loading widget…");
}"""


def wait_widgets_settled(page, timeout_ms: int = UI_TIMEOUT_MS) -> None:
    """Wait until no widget output still says 'Loading widget...'."""
    page.wait_for_function(_SETTLED, timeout=timeout_ms, polling=250)


_REPORT = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const report = {errors: [], modelErrors: [], problems: [], widgets: 0, widgetsRendered: 0,
    plotly: 0, plotlyRendered: 0, explorers: 0, explorerFigures: 0, cells: 0, unrun: []};
  const drawn = (plot) => {
    const svg = plot && plot.querySelector(".main-svg");
    const box = svg && svg.getBoundingClientRect();
    return Boolean(box && box.width > 100 && box.height > 100
      && plot.querySelector(".trace, .heatmaplayer image, .layer-above image"));
  };
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== "code") return;
    report.cells += 1;
    const where = `cell ${index} (execution count ${cell.model.executionCount})`;
    if (cell.model.executionCount === null && cell.model.sharedModel.getSource().trim())
      report.unrun.push(where);
    const children = [...cell.node.querySelectorAll(".jp-OutputArea-child")];
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const out = outputs.get(i).toJSON();
      const data = out.data || {};
      const el = children[i];
      if (out.output_type === "error")
        report.modelErrors.push(`${where}: ${out.ename}: ${out.evalue}`);
      if (!el) { report.problems.push(`${where}: output ${i} has no element`); continue; }
      // The DOM: an error output is a traceback rendered as stderr text; stderr alone is
      // not an error (progress bars write there), a traceback in it is.
      el.querySelectorAll("[data-mime-type='application/vnd.jupyter.stderr']").forEach((t) => {
        if (/Traceback|^\\w*(Error|Exception)\\b/m.test(t.innerText))
          report.errors.push(`${where}: ${t.innerText.slice(0, 500)}`);
      });
      if (data["application/vnd.plotly.v1+json"]) {
        report.plotly += 1;
        if (drawn(el.querySelector(".js-plotly-plot"))) report.plotlyRendered += 1;
        else report.problems.push(`${where}: plotly figure not drawn`);
      } else if (data["application/vnd.jupyter.widget-view+json"]) {
        report.widgets += 1;
        const text = el.innerText;
        if (/Error displaying widget|Loading widget|Error rendering|model not found/i.test(text))
          report.problems.push(`${where}: widget says ${JSON.stringify(text.slice(0, 200))}`);
        else if (!el.querySelector(".jupyter-widgets") || el.getBoundingClientRect().height < 10)
          report.problems.push(`${where}: widget output is empty`);
        else report.widgetsRendered += 1;
        // FigureWidgets inside widgets (explorers, revealed predictions) must be drawn too.
        el.querySelectorAll(".js-plotly-plot").forEach((plot) => {
          report.plotly += 1;
          if (drawn(plot)) report.plotlyRendered += 1;
          else report.problems.push(`${where}: plotly FigureWidget not drawn`);
        });
        el.querySelectorAll(".kit-explorer").forEach((ex) => {
          report.explorers += 1;
          if (ex.querySelectorAll(".js-plotly-plot .scatterlayer .trace").length > 0
              && ex.querySelectorAll(".widget-slider, .widget-hslider").length > 0)
            report.explorerFigures += 1;
          else report.problems.push(`${where}: explorer has no sliders or no traces`);
        });
      }
    }
  });
  return report;
}"""


def output_report(page) -> dict:
    """Errors, and which plotly figures and widgets rendered, in the open notebook."""
    return page.evaluate(_REPORT)


def scroll_pages(page, prefix: Path, height: int) -> list[Path]:
    """Screenshot the open notebook from top to bottom, one viewport at a time."""
    paths = []
    scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
    # Where the last cell ends: JupyterLab pads the end of a notebook with empty space
    # (scrollHeight would add a blank last page).
    total = page.eval_on_selector(
        scroller,
        """el => {
          const cells = [...el.querySelectorAll('.jp-Cell')];
          if (!cells.length) return el.scrollHeight;
          const base = el.getBoundingClientRect().top - el.scrollTop;
          return Math.max(...cells.map((c) => c.getBoundingClientRect().bottom - base)) + 40;
        }""",
    )
    visible = page.eval_on_selector(scroller, "el => el.clientHeight") or height
    step = max(200, min(height, visible) - 60)
    top, n = 0, 1
    while True:
        page.eval_on_selector(scroller, "(el, y) => { el.scrollTop = y; }", top)
        page.wait_for_timeout(150)
        path = prefix.with_name(f"{prefix.name}-{n:02d}.png")
        page.screenshot(path=str(path))
        paths.append(path)
        if top + min(height, visible) >= total:
            break
        top += step
        n += 1
    page.eval_on_selector(scroller, "el => { el.scrollTop = 0; }")
    return paths


_OUTLINE = (
    "el => getComputedStyle(el).outlineStyle !== 'none'"
    " && getComputedStyle(el).outlineWidth !== '0px'"
)


def focus_visible(locator) -> bool:
    """True if the element draws a visible focus outline now (check it while focused)."""
    return locator.evaluate(_OUTLINE)


def shoot_themes(page, locator, stem: str) -> list[Path]:
    """Screenshot ``locator`` in the light and the dark theme as ``OUT/stem-{light,dark}.png``."""
    OUT.mkdir(parents=True, exist_ok=True)
    paths = []
    for theme, tag in ((LIGHT, "light"), (DARK, "dark")):
        set_theme_live(page, theme)
        locator.scroll_into_view_if_needed()
        paths.append(OUT / f"{stem}-{tag}.png")
        locator.screenshot(path=str(paths[-1]))
    set_theme_live(page, LIGHT)
    return paths
