"""The Compare view's handlers that need no server: task switch, curl paste, sides."""

from __future__ import annotations

from playground.tasks import TASKS
from playground.ui.compare_view import default_sides, paste_filled, task_changed
from playground.ui.settings import Settings
from playground.ui.tab import AppContext
from playground.ui.target import ClientFactory

LOCAL = "http://127.0.0.1:9"
CTX = AppContext(factory=ClientFactory(Settings(), LOCAL), target_inputs=[])


def test_switching_task_shows_its_inputs_and_local_models() -> None:
    updates = task_changed("translation")
    texts = updates[:3]
    assert all(update["visible"] for update in texts) and not updates[3]["visible"]
    assert updates[5] == "local" and updates[9].startswith("local/apertium")
    sides = default_sides(TASKS["object-detection"])
    assert sides[0].kind == "local" and len(sides) == 4


def test_a_pasted_curl_fills_side_one_and_resets_the_others_on_a_new_task() -> None:
    command = f'curl {LOCAL}/models/local/spacy-en-ner -d \'{{"inputs": "Clara in Paris"}}\''
    out = paste_filled(CTX, command, "text-classification")
    assert out[0] == "token-classification" and out[2]["value"] == "Clara in Paris"
    assert out[7:9] == ["local", "local/spacy-en-ner"]
    assert out[12] == default_sides(TASKS["token-classification"])[1].model
    assert "from the request" in out[-1]
    same = paste_filled(CTX, f'curl {LOCAL}/x -d \'{{"inputs": "hi"}}\'', "summarization")
    assert same[0] == "summarization" and same[7] == "custom" and "kept" in same[-1]
    assert paste_filled(CTX, "wget x", "summarization")[-1].startswith("⚠")
