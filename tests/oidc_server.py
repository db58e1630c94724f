"""A real OpenID Connect provider for the tests: django-oauth-toolkit in a process of its
own (tests/oidc_provider), served by waitress on a free loopback port, with a fresh
database, RSA signing key, two users (one whose address is not verified) and two client
applications registered for this Rapport's callback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.conftest import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "provider password 1"
CALLBACK = "http://testserver/sso/callback/"
#: The clients registered: (client id, client secret).
CLIENTS = [("rapport-center", "rapport-secret-1"), ("another-app", "another-secret-2")]

SETUP = f"""
import django; django.setup()
from django.contrib.auth.models import User
from oauth2_provider.models import Application
User.objects.create_user("dana@example.edu", "dana@example.edu", {PASSWORD!r})
User.objects.create_user(
    "sam@example.edu", "sam@example.edu", {PASSWORD!r}, first_name="unverified"
)
User.objects.create_user("nobody@example.edu", "nobody@example.edu", {PASSWORD!r})
for client_id, secret in {CLIENTS!r}:
    Application.objects.create(
        name=client_id, client_id=client_id, client_secret=secret,
        client_type="confidential", authorization_grant_type="authorization-code",
        redirect_uris={CALLBACK!r}, skip_authorization=True, algorithm="RS256",
    )
"""


@dataclass
class Provider:
    base: str
    folder: Path
    process: subprocess.Popen[bytes]

    @property
    def issuer(self) -> str:
        return f"{self.base}/o"

    def settings(self, client: int = 0) -> dict[str, str]:
        client_id, secret = CLIENTS[client]
        return {
            "OIDC_RP_CLIENT_ID": client_id,
            "OIDC_RP_CLIENT_SECRET": secret,
            "OIDC_ISSUER": self.issuer,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{self.issuer}/authorize/",
            "OIDC_OP_TOKEN_ENDPOINT": f"{self.issuer}/token/",
            "OIDC_OP_USER_ENDPOINT": f"{self.issuer}/userinfo/",
            "OIDC_OP_JWKS_ENDPOINT": f"{self.issuer}/.well-known/jwks.json",
        }


def start() -> Provider:
    folder = Path(tempfile.mkdtemp(prefix="rapport-oidc-"))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("RAPPORT_", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DIR": str(folder),
        "PYTHONPATH": str(ROOT),
    }
    python = sys.executable
    subprocess.run([python, "-m", "django", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    subprocess.run([python, "-c", SETUP], env=env, check=True, cwd=ROOT)
    port = free_port()
    process = subprocess.Popen(
        [
            python,
            "-m",
            "waitress",
            "--listen",
            f"127.0.0.1:{port}",
            "tests.oidc_provider.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_until_listening(port)
    return Provider(f"http://127.0.0.1:{port}", folder, process)


def stop(provider: Provider) -> None:
    provider.process.terminate()
    provider.process.wait(timeout=10)
    shutil.rmtree(provider.folder, ignore_errors=True)
