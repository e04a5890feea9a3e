"""A learner's kernel, as a process: records attempts and logs each one acknowledged.

    python writer.py URL CLASS LEARNER N LOG OUTBOX [GO_FILE] [PAUSE]

Waits for GO_FILE to exist (so many writers start at once), then records N attempts over
five questions (every third one right), appending ``uid saved`` or ``uid queued`` to LOG
once ``record`` has returned or raised ``ProgressNotSaved`` (the attempt is then in the
outbox). At the end it sends the outbox until it is empty (for up to 60 s) and logs
``flushed``. N = 0 writes until killed.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from kit.quiz import Feedback
from kit.store import Outbox, ProgressNotSaved, ProgressStore, StoreError


def main() -> int:
    url, class_id, learner, n, log, outbox = sys.argv[1:7]
    go = Path(sys.argv[7]) if len(sys.argv) > 7 and sys.argv[7] != "-" else None
    pause = float(sys.argv[8]) if len(sys.argv) > 8 else 0.0
    n = int(n)
    store = ProgressStore(url, class_id=class_id, outbox=Outbox(outbox))
    deadline = time.monotonic() + 60
    while go is not None and not go.exists():
        if time.monotonic() > deadline:
            return 3
        time.sleep(0.01)
    with open(log, "a", buffering=1) as out:
        i = 0
        while n == 0 or i < n:
            ok = i % 3 == 2
            feedback = Feedback(ok, float(ok), "")
            try:
                a = store.record("load", f"q{i % 5}", f"{learner}-{i}", feedback, learner=learner)
                out.write(f"{a.uid} saved\n")
            except ProgressNotSaved as exc:
                out.write(f"{exc.attempt.uid} queued\n")
            i += 1
            if pause:
                time.sleep(pause)
        end = time.monotonic() + 60
        while store.pending():
            try:
                store.flush()
            except StoreError:
                if time.monotonic() > end:
                    return 4
                time.sleep(0.2)
        out.write("flushed\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
