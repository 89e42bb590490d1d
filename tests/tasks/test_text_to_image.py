from PIL import Image

from playground.tasks.spec import CallArgs
from playground.tasks.text_to_image import MAX_SEED, SPEC

from .helpers import shown

PROMPT = {"prompt": "a red fox", "negative_prompt": None}


def test_build_call_sends_the_prompt_and_the_set_parameters() -> None:
    inputs = {"prompt": "a red fox", "negative_prompt": "blurry"}
    params = {"width": 512, "height": 384, "num_inference_steps": 4, "guidance_scale": 3.5}
    call = SPEC.build_call(inputs, {**params, "random_seed": False})
    assert call == CallArgs(("a red fox",), {"negative_prompt": "blurry", **params})


def test_a_chosen_seed_is_sent() -> None:
    assert SPEC.build_call(PROMPT, {"seed": 42, "random_seed": False}).kwargs == {"seed": 42}


def test_random_seed_sends_a_new_seed_that_the_note_shows() -> None:
    call = SPEC.build_call(PROMPT, {"seed": 42, "random_seed": True})
    seed = call.kwargs["seed"]
    assert 0 <= seed <= MAX_SEED
    rendered = SPEC.render(Image.new("RGB", (64, 48), (10, 20, 30)), call, {})
    assert f"Seed {seed}" in rendered["note"]
    assert rendered["note"].startswith("64×48.")


def test_without_a_seed_the_note_says_the_server_chose_it() -> None:
    call = SPEC.build_call(PROMPT, {"random_seed": False})
    assert "seed" not in call.kwargs
    rendered = SPEC.render(Image.new("RGB", (64, 48)), call, {})
    assert "server chose the seed" in rendered["note"]


def test_the_image_is_shown_as_a_png_download() -> None:
    result = Image.new("RGBA", (32, 32), (255, 0, 0, 0))  # transparent → flattened on white
    rendered = SPEC.render(result, CallArgs(("a red fox",)), {})
    assert rendered["image"].mode == "RGB"
    assert rendered["image"].getpixel((0, 0)) == (255, 255, 255)
    assert shown(SPEC, rendered)["image"].path.endswith(".png")
