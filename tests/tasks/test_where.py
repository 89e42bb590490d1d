"""`python -m playground.tasks.where`: where each task's tab, request and parsing, drawing and
local model live, worked out from the code — at most six files per task."""

from __future__ import annotations

import subprocess
import sys

import pytest

from playground.tasks import TASKS
from playground.tasks.where import ROLES, ROOT, distinct, task_files

MAX_FILES = 6


@pytest.mark.parametrize("task_id", list(TASKS))
def test_a_task_lives_in_at_most_six_files(task_id: str) -> None:
    files = task_files(task_id)
    assert set(files) == set(ROLES)
    assert files["tab"][0] == f"playground/tasks/{task_id.replace('-', '_')}.py"
    assert len(files["request and parsing"]) == 1
    assert all((ROOT / path).is_file() for path in distinct(files))
    assert len(distinct(files)) <= MAX_FILES, files


def test_the_files_are_the_ones_that_hold_the_code() -> None:
    files = task_files("object-detection")
    assert files["request and parsing"] == ["playground/client/methods/vision.py"]
    assert "playground/render/detection.py" in files["drawing"]
    assert files["local model"] == ["playground/local/adapters/vision.py"]
    chat = task_files("chat-completion")
    assert chat["tab"][1] == "playground/ui/chat_tab.py"
    assert chat["request and parsing"] == ["playground/client/methods/chat.py"]
    assert "playground/local/generation_routes.py" in chat["local model"]


def test_the_command_prints_a_task_and_refuses_an_unknown_one() -> None:
    def where(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "playground.tasks.where", *args]
        return subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT)

    shown = where("fill-mask")
    assert shown.returncode == 0
    assert "playground/client/methods/text.py" in shown.stdout
    unknown = where("nope")
    assert unknown.returncode == 2
    assert "No task 'nope'" in unknown.stderr
