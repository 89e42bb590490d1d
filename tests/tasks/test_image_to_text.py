from typing import Any

import pytest

from playground.tasks.image_to_text import SPEC
from playground.tasks.spec import CallArgs

from .helpers import shown


def test_build_call_sends_the_image_alone() -> None:
    assert SPEC.build_call({"image": "page.png"}, {}) == CallArgs(("page.png",))


def test_the_text_is_shown_with_its_size() -> None:
    rendered = SPEC.render("INVOICE 4521\nTotal due $1,234.56\n", CallArgs(("x",)), {})
    assert rendered["text"] == "INVOICE 4521\nTotal due $1,234.56"
    assert rendered["note"] == "5 words on 2 lines."
    assert shown(SPEC, rendered)["text"] == "INVOICE 4521\nTotal due $1,234.56"


def test_one_word_is_not_plural() -> None:
    assert SPEC.render("cat", CallArgs(("x",)), {})["note"] == "1 word on 1 line."


@pytest.mark.parametrize("empty", ["", "   \n", None])
def test_no_text_says_so(empty: Any) -> None:
    rendered = SPEC.render(empty, CallArgs(("x",)), {})
    assert rendered["text"] == ""
    assert rendered["note"].startswith("The model returned no text for this image.")
    assert "captioning model" in rendered["note"]
    shown(SPEC, rendered)
