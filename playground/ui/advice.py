"""What to do next, where it depends on this app and this visitor: a call to Hugging Face that
was refused for want of a token, or the host's free calls used up. Signing in is offered only
where it exists (a Space with `hf_oauth: true`)."""

from __future__ import annotations

from playground.client import AuthenticationError

from .target import ClientFactory, TargetChoice
from .visitors import QuotaError

__all__ = ["advise", "token_advice"]


def token_advice(sign_in: bool) -> str:
    """How to get a Hugging Face token into this app."""
    return "paste a Hugging Face token in the target bar" + (
        ", or sign in with Hugging Face" if sign_in else ""
    )


def advise(error: BaseException, factory: ClientFactory, target: TargetChoice) -> None:
    """Set the error's hint (the end of its one sentence) to what this visitor can do."""
    sign_in = factory.settings.oauth
    if isinstance(error, QuotaError):
        way = "Sign in with Hugging Face or paste" if sign_in else "Paste"
        error.hint = f"{way} your own token in the target bar to go on."
        return
    no_token = not (target.visitor_token or factory.settings.hf_token)
    if isinstance(error, AuthenticationError) and target.kind == "hf" and no_token:
        error.hint = f"No token was sent: {token_advice(sign_in)}."
