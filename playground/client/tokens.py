"""Finding the Hugging Face token, and deciding which hosts may receive it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = ["Credential", "find_token", "is_hf_host", "may_receive", "origin_of"]

# Hosts Hugging Face itself runs. Not `*.hf.space` (any Space) nor `*.huggingface.cloud` (any
# Inference Endpoint): anyone can create a host there, so an implicit token never goes to them;
# pass the token explicitly (`token="hf_..."` or `token=True`) to call your own.
HF_HOST_SUFFIXES = ("huggingface.co", "hf.co")


@dataclass(frozen=True)
class Credential:
    """A token and how it was obtained. Its value never shows in repr or str."""

    value: str = field(repr=False)
    explicit: bool
    source: str
    origins: frozenset[str] | None = None

    def __repr__(self) -> str:
        bound = f", origins={sorted(self.origins)}" if self.origins is not None else ""
        return f"Credential(source={self.source!r}, explicit={self.explicit}{bound}, value='***')"

    @classmethod
    def bound_to(cls, value: str, url: str, *, source: str) -> Credential:
        """A token that may only go to `url`'s origin (scheme, host, port): a host's token that
        must only reach the endpoint it was configured for, whatever URL a visitor types."""
        return cls(value, explicit=False, source=source, origins=frozenset({origin_of(url)}))

    __str__ = __repr__


def _token_file() -> Path:
    explicit_path = os.environ.get("HF_TOKEN_PATH")
    if explicit_path:
        return Path(explicit_path).expanduser()
    hf_home = os.environ.get("HF_HOME")
    if hf_home:
        return Path(hf_home).expanduser() / "token"
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache).expanduser() / "huggingface" / "token"


def _saved_token() -> Credential | None:
    for name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"):
        value = os.environ.get(name, "").strip()
        if value:
            return Credential(value, explicit=False, source=f"env:{name}")
    path = _token_file()
    try:
        value = path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return Credential(value, explicit=False, source="login file") if value else None


def find_token(token: str | bool | Credential | None) -> Credential | None:
    """Resolve the client's `token` argument.

    A string is explicit: it goes wherever the user sends requests. `None` looks up `HF_TOKEN`
    and the login file; such an implicit token only goes to Hugging Face hosts. `True` looks up
    the saved token but treats it as explicit; `False` means never send a token. A `Credential`
    is used as it is (e.g. a visitor's token that must still only go to Hugging Face hosts).
    """
    if token is False:
        return None
    if isinstance(token, Credential):
        return token
    if isinstance(token, str):
        return (
            Credential(token.strip(), explicit=True, source="argument") if token.strip() else None
        )
    saved = _saved_token()
    if saved is not None and token is True:
        return Credential(saved.value, explicit=True, source=saved.source)
    return saved


def origin_of(url: str) -> str:
    """`scheme://host:port` of a URL, with the default port made explicit."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return ""
    port = parsed.port or {"http": 80, "https": 443}.get(parsed.scheme, 0)
    return f"{parsed.scheme}://{(parsed.host or '').lower().rstrip('.')}:{port}"


def is_hf_host(url: str) -> bool:
    """True for https URLs on hosts Hugging Face runs: huggingface.co, hf.co and their
    subdomains (the router, the serverless API). Spaces and Inference Endpoints are not."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return False
    if parsed.scheme != "https":
        return False
    host = (parsed.host or "").lower().rstrip(".")
    return any(host == suffix or host.endswith("." + suffix) for suffix in HF_HOST_SUFFIXES)


def may_receive(credential: Credential | None, url: str) -> bool:
    """Whether this credential may be sent to this URL under the token policy: a bound
    credential only to its origins, an explicit one anywhere, an implicit one to HF hosts."""
    if credential is None:
        return False
    if credential.origins is not None:
        return origin_of(url) in credential.origins
    return credential.explicit or is_hf_host(url)
