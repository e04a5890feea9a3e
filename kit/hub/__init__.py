"""The kit on JupyterHub, server side: the ``kit-progress`` service and workshop helpers.

- :mod:`kit.hub.service`: the ``kit-progress`` JupyterHub service, a small tornado app that
  takes quiz attempts from learners' kernels over HTTP, authenticated by the hub's own tokens
  (:mod:`jupyterhub.services.auth`), and writes them to one shared progress store
  (PostgreSQL, or SQLite for a small hub). Learners never hold database credentials.
- The client half lives in the store: :class:`kit.store.http.HubBackend`, the backend the
  quiz widgets use under the hub (``KIT_PROGRESS_URL=hub``); its store queues attempts
  locally when the service is down and sends them when it is back.
- :mod:`kit.hub.access`: who may read and write what (pure functions, tested without a hub).
- :mod:`kit.hub.links`: nbgitpuller links that send the lessons to a class.

``import kit.hub`` is light: tornado and jupyterhub are imported by the service only.
"""

from __future__ import annotations

from kit.store.http import SERVICE_NAME

#: Members of this hub group may read the attempts of their classes.
INSTRUCTORS_GROUP = "instructors"
#: An instructor reads class ``C`` when also a member of the hub group ``class-C``.
CLASS_GROUP_PREFIX = "class-"

__all__ = ["SERVICE_NAME", "INSTRUCTORS_GROUP", "CLASS_GROUP_PREFIX"]
