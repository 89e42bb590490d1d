"""The input components: drawn by the page as the Gradio components they extend, their
preprocessing never raising, and a refused value reaching the handler as `Rejected`."""

from __future__ import annotations

import base64
import io
from pathlib import Path

import gradio as gr
import pytest
from gradio.components.image import ImageData
from gradio.data_classes import FileData
from PIL import Image

from playground.assets import asset
from playground.client import InputError
from playground.ui.inputs import (
    AnyTable,
    AudioInput,
    ImageInput,
    NumberInput,
    Rejected,
    TableInput,
    accepted,
)


def _png(tmp_path: Path, mode: str, name: str = "x.png") -> str:
    path = tmp_path / name
    Image.new(mode, (8, 8)).save(path)
    return str(path)


def test_the_page_draws_them_as_gradio_components() -> None:
    pairs = [
        (ImageInput(), gr.Image()),
        (AudioInput(), gr.Audio()),
        (TableInput(headers=["a"]), gr.Dataframe(headers=["a"])),
        (NumberInput(), gr.Number()),
    ]
    for ours, theirs in pairs:
        assert ours.get_block_name() == theirs.get_block_name()
        assert ours.api_info() == theirs.api_info()
        assert set(ours.get_config()) == set(theirs.get_config())


# gradio's image preprocessing opens the file with PIL and never closes it
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_good_image_is_what_gradio_would_give(tmp_path: Path) -> None:
    image = ImageInput(type="filepath")
    rgb = _png(tmp_path, "RGB")
    assert image.preprocess(ImageData(path=rgb, orig_name="x.png")) == rgb
    converted = image.preprocess(ImageData(path=_png(tmp_path, "RGBA", "y.png"), orig_name="y.png"))
    assert Image.open(converted).mode == "RGB"  # gradio's conversion to image_mode still runs


def test_a_bad_image_is_rejected_with_the_sentence(tmp_path: Path) -> None:
    path = tmp_path / "x.png"
    path.write_bytes(b"not an image")
    value = ImageInput(type="filepath").preprocess(ImageData(path=str(path), orig_name="x.png"))
    assert isinstance(value, Rejected) and "could not be read" in value.sentence
    with pytest.raises(InputError, match="could not be read"):
        accepted(value)


def test_a_data_url_image_is_checked_before_gradio_decodes_it(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    good = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    image = ImageInput(type="filepath")
    assert Path(image.preprocess(ImageData(url=good))).is_file()
    for bad in ("data:image/png;base64,!!!", "data:image/png;base64," + "A" * 8):
        assert isinstance(image.preprocess(ImageData(url=bad)), Rejected)


def test_audio_passes_or_is_rejected() -> None:
    audio = AudioInput(type="filepath")
    speech = str(asset("speech.wav"))
    assert audio.preprocess(FileData(path=speech)) == speech
    value = audio.preprocess(FileData(path=str(asset("portrait.jpg"))))
    assert isinstance(value, Rejected) and "audio could not be read" in value.sentence


def test_any_table_reaches_preprocess() -> None:
    table = TableInput(headers=["a", "b"])
    table.text_limit = 3
    good = AnyTable.model_validate({"headers": ["a", "b"], "data": [["1", "2"]]})
    assert table.preprocess(good).to_dict("list") == {"a": ["1"], "b": ["2"]}
    too_long = {"headers": ["a", "b"], "data": [["12", "34"]]}
    for bad in ("text", {"headers": ["a", "b"], "data": [["1"]]}, None, too_long):
        assert isinstance(table.preprocess(AnyTable.model_validate(bad)), Rejected)


def test_a_number_box_passes_what_it_got() -> None:
    assert NumberInput(minimum=1).preprocess("soon") == "soon"
    assert NumberInput(minimum=1).preprocess(-3) == -3
