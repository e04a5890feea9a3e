"""The deployment pieces that can be checked without a cluster: the workshop config, the TLJH
snippet, the Zero to JupyterHub values, the nbgitpuller links and the config helpers."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest
import yaml
from traitlets.config import Config, PyFileConfigLoader

from kit.errors import KitError
from kit.hub.links import nbgitpuller_link, parse_nbgitpuller_link
from kit.hub.workshop import add_progress_service, copy_lessons, read_env_file, secret_file

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ACCESS = "access:services!service=kit-progress"


def load_config(path: Path, monkeypatch, **env) -> Config:
    for key in [k for k in __import__("os").environ if k.startswith("KIT_")]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    loader = PyFileConfigLoader(path.name, path=str(path.parent))
    return loader.load_config()


def test_the_workshop_config_sets_up_the_service_and_the_class(tmp_path, monkeypatch):
    c = load_config(
        DEPLOY / "jupyterhub_config.py",
        monkeypatch,
        KIT_HUB_DIR=str(tmp_path),
        KIT_CLASS="ws9",
        KIT_INSTRUCTOR="tess",
        KIT_HUB_PORT="18000",
    )
    assert c.JupyterHub.bind_url == "http://127.0.0.1:18000"
    assert c.JupyterHub.authenticator_class == "shared-password"
    # Passwords are made on first start and kept private to the hub's user.
    pw = tmp_path / "workshop-password"
    assert c.SharedPasswordAuthenticator.user_password == pw.read_text().strip()
    assert oct(pw.stat().st_mode & 0o777) == "0o600"
    assert len(c.SharedPasswordAuthenticator.admin_password) >= 32
    assert c.SharedPasswordAuthenticator.admin_users == {"tess"}
    [service] = c.JupyterHub.services
    assert service["name"] == "kit-progress"
    assert service["command"][1:] == ["-m", "kit.hub.service"]
    assert service["environment"]["KIT_HUB_STORE_URL"] == f"sqlite:///{tmp_path}/progress.sqlite"
    assert c.Spawner.environment == {
        "KIT_PROGRESS_URL": "hub",
        "KIT_CLASS": "ws9",
        "KIT_SHARED_CACHE": str(tmp_path / "run-cache"),  # filled by the hub, read by learners
    }
    assert ACCESS in c.Spawner.server_token_scopes
    assert "read:users:groups!user" in c.Spawner.server_token_scopes
    assert c.JupyterHub.load_roles == [
        {"name": "user", "scopes": ["self", ACCESS, "read:services!service=kit-progress"]}
    ]
    assert c.JupyterHub.load_groups == {
        "instructors": {"users": ["tess"]},
        "class-ws9": {"users": ["tess"]},
    }
    assert c.JupyterHub.spawner_class == "simple"
    assert c.SimpleLocalProcessSpawner.home_dir_template == f"{tmp_path}/homes/{{username}}"
    assert Path(c.Spawner.cmd[0]).name == "jupyterhub-singleuser"


def test_the_pre_spawn_hook_copies_the_lessons_once(tmp_path, monkeypatch):
    c = load_config(DEPLOY / "jupyterhub_config.py", monkeypatch, KIT_HUB_DIR=str(tmp_path))

    class Spawner:
        home_dir = str(tmp_path / "homes" / "ada")
        log = __import__("logging").getLogger("test")

    c.Spawner.pre_spawn_hook(Spawner)
    copied = tmp_path / "homes" / "ada" / "lessons" / "00-welcome.ipynb"
    # Student copies: the lesson without its solution cells.
    nb = json.loads(copied.read_text())
    original = json.loads((ROOT / "lessons" / "00-welcome.ipynb").read_text())
    tags = [t for cell in nb["cells"] for t in cell["metadata"].get("tags", [])]
    assert "solution" not in tags
    assert len(nb["cells"]) < len(original["cells"])
    copied.write_text("the learner's own edits")
    c.Spawner.pre_spawn_hook(Spawner)
    assert copied.read_text() == "the learner's own edits"


def test_an_external_service_gets_a_token_and_no_command():
    c = Config()
    service = add_progress_service(
        c, store_url="unused", class_id="w", instructors=["a"], port=1234, api_token="t" * 32
    )
    assert "command" not in service and service["api_token"] == "t" * 32
    assert service["url"] == "http://127.0.0.1:1234"


def test_the_helper_keeps_other_services_roles_and_environment():
    c = Config()
    c.JupyterHub.services = [{"name": "culler", "command": ["x"]}]
    c.JupyterHub.load_roles = [{"name": "culler", "scopes": ["list:users"]}]
    c.Spawner.environment = {"TZ": "UTC"}
    c.JupyterHub.load_groups = {"instructors": {"users": ["ben"]}}
    add_progress_service(c, store_url="sqlite:////x", class_id="w", instructors=["ana"])
    add_progress_service(c, store_url="sqlite:////x", class_id="w", instructors=["ana"])
    assert [s["name"] for s in c.JupyterHub.services] == ["culler", "kit-progress"]
    assert [r["name"] for r in c.JupyterHub.load_roles] == ["culler", "user"]
    assert c.Spawner.environment["TZ"] == "UTC"
    assert c.JupyterHub.load_groups["instructors"] == {"users": ["ana", "ben"]}


def test_the_tljh_snippet_reads_the_instructors_settings(tmp_path, monkeypatch):
    env = tmp_path / "kit-progress.env"
    env.write_text("# the class\nKIT_CLASS=ws-2026-12\nKIT_INSTRUCTORS=ana, ben\n")
    text = (DEPLOY / "tljh" / "kit_progress.py").read_text()
    assert 'Path("/etc/kit-progress.env")' in text
    snippet = tmp_path / "kit_progress.py"
    snippet.write_text(text.replace('Path("/etc/kit-progress.env")', f"Path({str(env)!r})"))
    c = PyFileConfigLoader(snippet.name, path=str(tmp_path)).load_config()
    assert c.Spawner.environment["KIT_CLASS"] == "ws-2026-12"
    assert c.JupyterHub.load_groups["class-ws-2026-12"] == {"users": ["ana", "ben"]}
    [service] = c.JupyterHub.services
    assert service["environment"]["KIT_HUB_STORE_URL"].startswith("sqlite:////opt/tljh/state/")


def test_read_env_file_says_which_line_is_wrong(tmp_path):
    path = tmp_path / "k.env"
    path.write_text("A=1\nthis is not a setting\n")
    with pytest.raises(KitError, match=r"k.env, line 2: expected KEY=value"):
        read_env_file(path)
    assert read_env_file(tmp_path / "absent.env") == {}


def test_the_z2jh_values_configure_the_service_the_quiz_and_nbgitpuller():
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    hub, single = values["hub"], values["singleuser"]
    service = hub["services"]["kit-progress"]
    assert service["url"] == "http://hub:10101"
    assert service["command"][:3] == ["python3", "-m", "kit.hub.service"]
    assert service["oauth_client_allowed_scopes"] == ["read:users:groups!user"]
    assert {"port": 10101, "targetPort": 10101, "name": "kit-progress"} in hub["service"][
        "extraPorts"
    ]
    assert ACCESS in hub["loadRoles"]["user"]["scopes"]
    assert ACCESS in hub["config"]["Spawner"]["server_token_scopes"]
    assert single["extraEnv"]["KIT_PROGRESS_URL"] == "hub"
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"
    assert hub["extraEnv"]["KIT_HUB_STORE_URL"]["valueFrom"]["secretKeyRef"]["name"]
    # The hub runs extraConfig as Python with `c` defined: it must pass the database URL on.
    c = Config()
    c.JupyterHub.services = [{"name": "kit-progress", **service}]
    code = compile(hub["extraConfig"]["kit-progress"], "extraConfig", "exec")
    import os

    os.environ["KIT_HUB_STORE_URL"] = "postgresql://kit@db/kit"
    try:
        exec(code, {"c": c})
    finally:
        del os.environ["KIT_HUB_STORE_URL"]
    assert c.JupyterHub.services[0]["environment"] == {
        "KIT_HUB_STORE_URL": "postgresql://kit@db/kit"
    }
    assert "instructor" in c.JupyterHub.load_groups["instructors"]["users"]


def test_an_nbgitpuller_link_opens_lesson_00_in_the_cloned_folder():
    link = nbgitpuller_link(
        "https://hub.example.org/", "https://git.example.org/ana/kit.git", branch="ws-2026"
    )
    parts = urllib.parse.urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "hub.example.org",
        "/hub/user-redirect/git-pull",
    )
    assert dict(urllib.parse.parse_qsl(parts.query)) == {
        "repo": "https://git.example.org/ana/kit.git",
        "branch": "ws-2026",
        "targetpath": "kit",
        "urlpath": "lab/tree/kit/lessons/00-welcome.ipynb",
    }
    assert parse_nbgitpuller_link(link)["hub"] == "https://hub.example.org"


def test_a_link_keeps_the_hubs_base_path_and_encodes_odd_names():
    link = nbgitpuller_link(
        "https://uni.example.org/jupyter",
        "git@git.example.org:ana/kit.git",
        lesson="lessons/06-capstone workshop.ipynb",
        folder="kit-2026",
    )
    back = parse_nbgitpuller_link(link)
    assert back["hub"] == "https://uni.example.org/jupyter"
    assert back["urlpath"] == "lab/tree/kit-2026/lessons/06-capstone workshop.ipynb"
    assert " " not in link


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"hub": "hub.example.org"}, "is not a web address"),
        ({"repo": "kit"}, "is not a git URL"),
        ({"branch": "a b"}, "not a valid git branch"),
        ({"folder": "a/b"}, "one folder name"),
        ({"lesson": "../secret.ipynb"}, "inside the repository"),
        ({"lesson": "/etc/passwd"}, "inside the repository"),
    ],
)
def test_bad_link_parts_get_one_clear_sentence(kwargs, words):
    args = {"hub": "https://hub.example.org", "repo": "https://git.example.org/kit.git"}
    args.update(kwargs)
    hub, repo = args.pop("hub"), args.pop("repo")
    with pytest.raises(KitError, match=words):
        nbgitpuller_link(hub, repo, **args)


def test_copy_lessons_skips_checkpoints_and_never_half_writes(tmp_path):
    src = tmp_path / "src"
    (src / ".ipynb_checkpoints").mkdir(parents=True)
    (src / ".ipynb_checkpoints" / "a-checkpoint.ipynb").write_text("x")
    (src / "a.ipynb").write_text("A")
    home = tmp_path / "home"
    assert copy_lessons(src, home) == ["a.ipynb"]
    assert sorted(p.name for p in (home / "lessons").iterdir()) == ["a.ipynb"]
    assert copy_lessons(src, home) == []


def test_secret_file_is_made_once_and_kept(tmp_path):
    first = secret_file(tmp_path / "s", 32)
    assert len(first) == 32
    assert secret_file(tmp_path / "s", 32) == first


def test_the_link_command_prints_the_link_or_one_sentence(capsys):
    from kit.hub.__main__ import main

    assert (
        main(["link", "--hub", "https://hub.example.org", "--repo", "https://g.org/kit.git"]) == 0
    )
    out = capsys.readouterr().out.strip()
    assert out == nbgitpuller_link("https://hub.example.org", "https://g.org/kit.git")
    assert main(["link", "--hub", "hub.example.org", "--repo", "https://g.org/kit.git"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: hub 'hub.example.org' is not a web address")
    assert "Traceback" not in err
