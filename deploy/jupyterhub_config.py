# A workshop hub on one machine: JupyterHub 5 + configurable-http-proxy + the kit.
#
# Start it with `make hub` (from the top of the repository). Then open http://127.0.0.1:8000,
# log in with any name and the workshop password that `make hub` prints, and JupyterLab opens
# lesson 00. Quiz answers go to the hub's `kit-progress` service, which keeps the whole
# class's progress in one database; the instructor sees it at /services/kit-progress/.
#
# Every setting below can be changed without editing this file, through an environment
# variable (shown in brackets with its default):
#
#   KIT_HUB_DIR          [.hub]         where the hub keeps its state: its database, secrets,
#                                       the learners' home folders, the class's progress
#   KIT_HUB_IP, KIT_HUB_PORT  [127.0.0.1, 8000]   the address learners open
#   KIT_WORKSHOP_PASSWORD     [made up, in KIT_HUB_DIR/workshop-password]
#   KIT_INSTRUCTOR            [instructor]   the instructor's login name
#   KIT_INSTRUCTOR_PASSWORD   [made up, in KIT_HUB_DIR/instructor-password; 32+ characters]
#   KIT_CLASS                 [workshop]     the class id every attempt is filed under
#   KIT_HUB_STORE_URL         [sqlite:///KIT_HUB_DIR/progress.sqlite]   the class database;
#                             for more than a few dozen learners use PostgreSQL:
#                             postgresql://kit@127.0.0.1:5432/kit
#   KIT_LESSONS               [lessons/]     the notebooks whose student copies go into
#                                            every new home
#   KIT_HUB_API_PORT, KIT_HUB_PROXY_API_PORT, KIT_HUB_SERVICE_PORT   [8081, 8001, 10101]
#                             ports used inside this machine only (change them to run two
#                             hubs side by side)
#   KIT_HUB_SERVICE_TOKEN     [unset]        run kit-progress yourself (see section 5)
#
# This is a hub for one room and one machine: learners' servers run as the user who starts
# the hub, in folders under KIT_HUB_DIR/homes, with no isolation from each other. For a real
# server see deploy/README.md (The Littlest JupyterHub, Zero to JupyterHub).

import json
import os
import sys
from pathlib import Path

from kit.hub.workshop import add_progress_service, copy_lessons, proxy_command, secret_file
from kit.lessons import student_copy

c = get_config()  # noqa: F821 (JupyterHub defines get_config when it reads this file)

REPO = Path(__file__).resolve().parents[1]
STATE = Path(os.environ.get("KIT_HUB_DIR") or REPO / ".hub").resolve()
STATE.mkdir(parents=True, exist_ok=True)
ENV = os.environ.get


def port(name, default):
    return int(ENV(name) or default)


# --- 1. Where the hub listens and keeps its state ------------------------------------------
# Learners open http://KIT_HUB_IP:KIT_HUB_PORT; the proxy (configurable-http-proxy) listens
# there and passes each request to the hub, a learner's server or the kit-progress service.
c.JupyterHub.bind_url = f"http://{ENV('KIT_HUB_IP') or '127.0.0.1'}:{port('KIT_HUB_PORT', 8000)}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = port("KIT_HUB_API_PORT", 8081)
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{port('KIT_HUB_PROXY_API_PORT', 8001)}"
# The proxy `make hub` installed from npm into .hub/node (or one on PATH).
c.ConfigurableHTTPProxy.command = proxy_command(REPO)
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.JupyterHub.pid_file = str(STATE / "jupyterhub.pid")

# --- 2. Who can log in: one workshop password, each person their own name -------------------
# JupyterHub's own SharedPasswordAuthenticator: learners type any name they like and the
# password you wrote on the board. No accounts to create, no e-mails, nothing to install.
# The price: anyone with the password could log in under another learner's name. That is
# fine for a workshop (nothing secret is kept); for graded work use your institution's login.
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = ENV("KIT_WORKSHOP_PASSWORD") or secret_file(
    STATE / "workshop-password", 10
)
# The instructor logs in as KIT_INSTRUCTOR with a separate, long password and is a hub admin
# (can see and restart every learner's server from the Admin page).
INSTRUCTOR = ENV("KIT_INSTRUCTOR") or "instructor"
c.SharedPasswordAuthenticator.admin_users = {INSTRUCTOR}
c.SharedPasswordAuthenticator.admin_password = ENV("KIT_INSTRUCTOR_PASSWORD") or secret_file(
    STATE / "instructor-password", 32
)
c.Authenticator.allow_all = True  # anyone with the password may join the class
print(
    f"[kit] workshop password: {c.SharedPasswordAuthenticator.user_password}\n"
    f"[kit] instructor: log in as {INSTRUCTOR!r}; password in {STATE / 'instructor-password'}"
    " (unless KIT_INSTRUCTOR_PASSWORD is set)",
    file=sys.stderr,
)

# --- 3. The class ---------------------------------------------------------------------------
# Every quiz attempt is filed under this class id (several workshops can share one database).
CLASS = ENV("KIT_CLASS") or "workshop"

# --- 4. Learners' servers: local processes, one home folder each ----------------------------
# SimpleLocalProcessSpawner runs each learner's JupyterLab as a process of the user running
# the hub, in KIT_HUB_DIR/homes/<name>: no Unix accounts to create.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "homes" / "{username}")
c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
# No news feed and no update checks in learners' JupyterLab (the settings below say so too).
c.Spawner.args = [
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.handlers.announcements.NeverCheckForUpdate",
]
if os.getuid() == 0:
    c.Spawner.args.append("--allow-root")  # containers and CI run as root
c.Spawner.default_url = "/lab/tree/lessons/00-welcome.ipynb"
c.Spawner.start_timeout = 180  # a room of people logging in at once, on a small machine
c.Spawner.http_timeout = 180

# Learners get student copies of the lessons: no solution cells, no instructor notes (the
# same as `kit lessons student-copy`), made afresh each time the hub starts.
LESSONS = STATE / "student-lessons"
student_copy(LESSONS, Path(ENV("KIT_LESSONS") or REPO / "lessons"))


#: JupyterLab settings every learner starts with: no prompt about Jupyter news and no update
#: checks (off-topic for a learner, issue 25). Written once per home; a learner may change them.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


def lab_settings(home: Path) -> Path:
    """Write :data:`LAB_SETTINGS` under ``home`` (files not there yet); returns the folder
    JupyterLab reads user settings from (JUPYTERLAB_SETTINGS_DIR)."""
    folder = home / ".jupyter" / "lab" / "user-settings"
    for name, settings in LAB_SETTINGS.items():
        path = folder / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(settings, indent=1))
    return folder


def pre_spawn_hook(spawner):
    """Copy the lessons into a learner's home before their server starts (new files only:
    a learner's own edits are never overwritten), and the lab settings that keep JupyterLab's
    news prompt away."""
    home = Path(spawner.home_dir)
    copied = copy_lessons(LESSONS, home)
    if copied:
        spawner.log.info("copied %d lesson files into %s", len(copied), home)
    spawner.environment = {
        **(getattr(spawner, "environment", None) or {}),
        "JUPYTERLAB_SETTINGS_DIR": str(lab_settings(home)),
    }


c.Spawner.pre_spawn_hook = pre_spawn_hook

# --- 5. The kit-progress service: the class's quiz progress in one database -----------------
# Learners' kernels send attempts to it with their own server's hub token; they never see the
# database. add_progress_service (kit/hub/workshop.py) sets, for the service:
#   - c.JupyterHub.services: kit-progress on 127.0.0.1:KIT_HUB_SERVICE_PORT, started (and
#     restarted if it stops) by the hub, writing to KIT_HUB_STORE_URL;
#   - c.JupyterHub.load_roles: every user may use it (access:services!service=kit-progress);
#   - c.Spawner.server_token_scopes: a learner's server token may use it, find its address
#     and show the learner's groups (nothing more: no admin rights, no other servers);
#   - c.Spawner.environment: KIT_PROGRESS_URL=hub (the quiz finds the service by itself)
#     and KIT_CLASS;
#   - c.JupyterHub.load_groups: the instructor in the hub groups `instructors` and
#     `class-KIT_CLASS`, which is what lets them read the class's attempts.
# The instructor's class page is then http://KIT_HUB_IP:KIT_HUB_PORT/services/kit-progress/
# (also in the hub's Services menu). Set KIT_HUB_SERVICE_TOKEN to run the service yourself
# (systemd, another machine) instead: the hub then only routes to it.
add_progress_service(
    c,
    store_url=ENV("KIT_HUB_STORE_URL") or f"sqlite:///{STATE / 'progress.sqlite'}",
    class_id=CLASS,
    instructors=[INSTRUCTOR],
    port=port("KIT_HUB_SERVICE_PORT", 10101),
    api_token=ENV("KIT_HUB_SERVICE_TOKEN") or None,
)

# --- 6. The simulator's run cache: every learner's Run All reads the same runs --------------
# Every lesson seeds its runs, so the whole room asks for the same ones. The kit ships them
# precomputed (kit/sim/warm-runs.zip, inside the installed package: read only for learners);
# each learner's own new runs go to their own ~/.cache/kit. If the pack was built by another
# engine than this machine's (another NumPy, say), the hub, a trusted process, fills a shared
# folder with the same runs in the background at start, and learners read it (never write
# it). Learners would write only their own folders, and entries count only when they match
# the checksum the hub wrote (kit/sim/cache.py), so nobody can change what another sees.
RUN_CACHE = STATE / "run-cache"
c.Spawner.environment["KIT_SHARED_CACHE"] = str(RUN_CACHE)
if ENV("KIT_HUB_WARM_CACHE") != "off":
    import subprocess

    from kit.sim import cache as run_cache

    if run_cache.PACK.exists() and not run_cache.pack_matches():
        subprocess.Popen(
            [sys.executable, "-m", "kit", "cache", "warm", str(RUN_CACHE)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
