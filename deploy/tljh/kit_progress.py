# The kit on The Littlest JupyterHub (TLJH): the kit-progress service and the quiz settings.
#
# Copy this file into /opt/tljh/config/jupyterhub_config.d/ (TLJH reads every .py file there
# after its own settings), then `sudo tljh-config reload hub`. See deploy/README.md for the
# whole procedure (installing the kit, PostgreSQL, sending the lessons with nbgitpuller).
#
# Settings come from /etc/kit-progress.env, written by the instructor (KEY=value lines):
#   KIT_CLASS=ws-2026-12          the class id attempts are filed under
#   KIT_INSTRUCTORS=ana,ben       hub users who see the class's progress
#   KIT_HUB_STORE_URL=postgresql://kit:PASSWORD@127.0.0.1:5432/kit
#                                 (default: a SQLite file in /opt/tljh/state)

import sys
from pathlib import Path

from kit.hub.workshop import add_progress_service, read_env_file

c = get_config()  # noqa: F821 (JupyterHub defines get_config when it reads this file)

settings = read_env_file(Path("/etc/kit-progress.env"))
add_progress_service(
    c,
    store_url=settings.get("KIT_HUB_STORE_URL", "sqlite:////opt/tljh/state/kit-progress.sqlite"),
    class_id=settings.get("KIT_CLASS", "workshop"),
    instructors=[n.strip() for n in settings.get("KIT_INSTRUCTORS", "").split(",") if n.strip()],
    # TLJH runs this file in the hub's environment (/opt/tljh/hub), where the kit is installed.
    python=sys.executable,
)
