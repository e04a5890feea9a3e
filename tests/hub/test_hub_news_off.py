"""On the hub, nothing off-topic (issue 25, outcome 10): learners' JupyterLab neither asks
about Jupyter news nor checks for updates."""

from __future__ import annotations

import json
import logging

from test_hub_deploy import DEPLOY, load_config


def test_learners_lab_has_no_news_prompt_and_no_update_checks(tmp_path, monkeypatch):
    c = load_config(DEPLOY / "jupyterhub_config.py", monkeypatch, KIT_HUB_DIR=str(tmp_path))
    assert "--LabApp.news_url=None" in c.Spawner.args
    assert any("NeverCheckForUpdate" in a for a in c.Spawner.args)

    class Spawner:
        home_dir = str(tmp_path / "homes" / "ada")
        log = logging.getLogger("test")
        environment = {"KIT_PROGRESS_URL": "hub"}

    c.Spawner.pre_spawn_hook(Spawner)
    folder = Spawner.environment["JUPYTERLAB_SETTINGS_DIR"]
    assert Spawner.environment["KIT_PROGRESS_URL"] == "hub"  # the rest is kept
    path = tmp_path / "homes" / "ada" / ".jupyter" / "lab" / "user-settings"
    assert folder == str(path)
    notes = path / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    assert json.loads(notes.read_text()) == {"fetchNews": "false", "checkForUpdates": False}
    # a learner's own choice is kept on the next start
    notes.write_text('{"fetchNews": "true"}')
    c.Spawner.pre_spawn_hook(Spawner)
    assert json.loads(notes.read_text()) == {"fetchNews": "true"}
