"""A serving process sets what it built to start apart from the garbage collector and collects its youngest
generation less often (forum/lifecycle.py: settle_collector), unless FORUM_GC_SETTLE=0. Each case in a process of
its own: the collector's settings are the process's."""
import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

SETTLE = """
import gc, json, sys
from forum import create_app, lifecycle
app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 32})
before = {"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}
lifecycle.settle_collector(app)
print(json.dumps({"before": before, "after": {"frozen": gc.get_freeze_count(), "threshold": gc.get_threshold()}}))
"""


def settled(setting: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "FORUM_GC_SETTLE"}
    if setting is not None:
        env["FORUM_GC_SETTLE"] = setting
    result = subprocess.run([sys.executable, "-c", SETTLE], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_a_started_process_freezes_what_it_built_and_collects_the_young_less_often():
    from forum.lifecycle import GC_YOUNG

    found = settled(None)
    assert found["before"]["frozen"] == 0
    assert found["after"]["frozen"] > 50_000  # the app, its modules and caches: ~160,000 objects on this machine
    assert found["after"]["threshold"] == [GC_YOUNG, *found["before"]["threshold"][1:]]
    assert GC_YOUNG > found["before"]["threshold"][0]


@pytest.mark.parametrize("setting", ["0", "false"])
def test_off_when_asked(setting):
    found = settled(setting)
    assert found["after"] == found["before"]
