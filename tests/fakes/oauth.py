"""A fake OpenID Connect provider standing in for huggingface.co's OAuth (what Gradio's
"Sign in with Hugging Face" talks to on a Space): discovery, an authorize endpoint that approves
at once as one user, a token endpoint issuing an access token and an RS256-signed ID token, the
JWKS and userinfo. Loopback only; one instance per test session.

    with serving(create_oauth_app()) as issuer:  # then OPENID_PROVIDER_URL=issuer
"""

from __future__ import annotations

import secrets
import time
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

USER = {
    "sub": "6543210fedcba",
    "name": "Ada Visitor",
    "preferred_username": "ada-visitor",
    "profile": "https://huggingface.co/ada-visitor",
    "picture": "https://huggingface.co/avatars/ada.svg",
}
ACCESS_TOKEN_PREFIX = "hf_oauth_"


class Provider:
    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key"})
        self.codes: dict[str, dict[str, Any]] = {}
        self.issued: list[str] = []

    async def discovery(self, request: Request) -> Response:
        base = _issuer(request)
        return JSONResponse(
            {
                "issuer": base,
                "authorization_endpoint": f"{base}/oauth/authorize",
                "token_endpoint": f"{base}/oauth/token",
                "userinfo_endpoint": f"{base}/oauth/userinfo",
                "jwks_uri": f"{base}/oauth/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "inference-api"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_basic",
                    "client_secret_post",
                ],
            }
        )

    async def authorize(self, request: Request) -> Response:
        query = request.query_params
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"client_id": query.get("client_id"), "nonce": query.get("nonce")}
        reply = {"code": code, "state": query.get("state", "")}
        return RedirectResponse(f"{query['redirect_uri']}&{urlencode(reply)}"
                                if "?" in query["redirect_uri"]
                                else f"{query['redirect_uri']}?{urlencode(reply)}")  # fmt: skip

    async def token(self, request: Request) -> Response:
        form = await request.form()
        grant = self.codes.pop(str(form.get("code")), None)
        if grant is None:
            return JSONResponse({"error": "invalid_grant"}, 400)
        access = ACCESS_TOKEN_PREFIX + secrets.token_hex(16)
        self.issued.append(access)
        now = int(time.time())
        claims = {
            **USER,
            "iss": _issuer(request),
            "aud": grant["client_id"],
            "iat": now,
            "exp": now + 3600,
            "auth_time": now,
            "nonce": grant["nonce"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key)
        return JSONResponse(
            {
                "access_token": access,
                "token_type": "bearer",
                "expires_in": 3600,
                "scope": "openid profile inference-api",
                "id_token": id_token,
            }
        )

    async def jwks(self, request: Request) -> Response:
        return JSONResponse({"keys": [self.key.as_dict(private=False)]})

    async def userinfo(self, request: Request) -> Response:
        return JSONResponse(USER)

    async def issued_tokens(self, request: Request) -> Response:
        return JSONResponse(self.issued)


def _issuer(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def create_oauth_app() -> Starlette:
    provider = Provider()
    return Starlette(
        routes=[
            Route("/.well-known/openid-configuration", provider.discovery),
            Route("/oauth/authorize", provider.authorize),
            Route("/oauth/token", provider.token, methods=["POST"]),
            Route("/oauth/jwks", provider.jwks),
            Route("/oauth/userinfo", provider.userinfo),
            Route("/_fake/issued", provider.issued_tokens),
        ]
    )
