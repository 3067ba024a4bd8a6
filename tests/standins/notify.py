"""GOV.UK Notify on loopback: `POST /v2/notifications/email|sms`, checking the JWT as Notify does.

An API key is `{key_name}-{service_id}-{secret_key}`. Each request carries `Authorization:
Bearer <JWT>` signed HS256 with the secret; Notify reads the issuer (`iss`, the service id),
checks the signature with that service's secret and that `iat` is within 30 s of its own clock,
and answers 401 without a bearer token, 403 otherwise (notifications-api,
app/authentication/auth.py; notifications-python-client, authentication.py). A template must
exist and get every ((placeholder)) filled, or the answer is 400. Accepted messages are
recorded; the answer is Notify's 201 shape: id, reference, content, uri, template.
`GET /v2/notifications?reference=&status=&template_type=` lists the messages taken in, newest
first, as Notify's `{notifications, links}` (Notify does not deduplicate by reference: this is
how a sender finds out whether an attempt that timed out got through).
"""

from __future__ import annotations

import json
import re
import time
import uuid
from dataclasses import dataclass
from typing import Any

import jwt
from werkzeug import Request, Response

from tests.standins.base import StandIn

CLOCK_SKEW_S = 30  # notifications_python_client.authentication.__bound__
PLACEHOLDER = re.compile(r"\(\(([^)]+)\)\)")
RECIPIENT_FIELD = {"email": "email_address", "sms": "phone_number"}


@dataclass(frozen=True)
class Sent:
    id: str
    kind: str  # "email" or "sms"
    template_id: str
    recipient: str
    personalisation: dict[str, Any]
    reference: str | None
    body: str


@dataclass
class Template:
    subject: str
    body: str
    version: int = 1


class NotifyStandIn(StandIn):
    def __init__(self, *, key_name: str = "resettle-gateway-test") -> None:
        super().__init__()
        self.key_name = key_name
        self.service_id = str(uuid.uuid4())
        self.secret = str(uuid.uuid4())
        self.clock_offset_s = 0.0  # how far Notify's clock runs ahead of ours
        self.team_only: frozenset[str] | None = None  # trial mode: the only allowed recipients
        self.templates: dict[str, Template] = {}
        self.sent: list[Sent] = []
        for kind in RECIPIENT_FIELD:
            self.route("POST", f"/v2/notifications/{kind}", self._send)
        self.route("GET", "/v2/notifications", self._list)

    @property
    def api_key(self) -> str:
        return f"{self.key_name}-{self.service_id}-{self.secret}"

    def add_template(self, subject: str = "", body: str = "Hello ((name))") -> str:
        template_id = str(uuid.uuid4())
        self.templates[template_id] = Template(subject, body)
        return template_id

    def sent_with(self, **criteria: Any) -> list[Sent]:
        """Messages taken in whose fields equal the criteria, e.g. sent_with(reference="r-1")."""
        return [s for s in self.sent if all(getattr(s, k) == v for k, v in criteria.items())]

    def error_response(self, status: int) -> Response:
        kinds = {400: "BadRequestError", 403: "AuthError", 404: "NotFoundError"}
        kinds |= {429: "RateLimitError", 500: "Exception"}
        return _errors(status, kinds.get(status, "Exception"), "Internal server error")

    def _send(self, request: Request, match: re.Match[str]) -> Response:
        refusal = self._check_token(request.headers.get("Authorization", ""))
        if refusal is not None:
            return refusal
        kind = request.path.rsplit("/", 1)[1]
        data = json.loads(request.get_data(as_text=True) or "{}")
        template = self.templates.get(str(data.get("template_id")))
        if template is None:
            return _errors(400, "BadRequestError", "Template not found")
        values = data.get("personalisation") or {}
        missing = sorted(set(PLACEHOLDER.findall(template.body)) - set(values))
        if missing:
            return _errors(400, "BadRequestError", f"Missing personalisation: {', '.join(missing)}")
        recipient = data.get(RECIPIENT_FIELD[kind])
        if self.team_only is not None and recipient not in self.team_only:
            message = "Can't send to this recipient using a team-only API key"
            return _errors(400, "BadRequestError", message)
        return self._accept(kind, data, template, recipient, values)

    def _list(self, request: Request, match: re.Match[str]) -> Response:
        refusal = self._check_token(request.headers.get("Authorization", ""))
        if refusal is not None:
            return refusal
        wanted = {
            "reference": request.args.get("reference"),
            "kind": request.args.get("template_type"),
        }
        with self._lock:
            found = [
                s
                for s in reversed(self.sent)
                if all(v is None or getattr(s, k) == v for k, v in wanted.items())
            ]
        status = request.args.get("status")
        listed = [] if status not in (None, "delivered", "sending", "created") else found
        body = {
            "notifications": [_listed(s) for s in listed],
            "links": {"current": f"{self.url}/v2/notifications"},
        }
        return Response(json.dumps(body), status=200, content_type="application/json")

    def _accept(
        self, kind: str, data: dict, template: Template, recipient: str, values: dict
    ) -> Response:
        body = PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), template.body)
        sent = Sent(
            str(uuid.uuid4()),
            kind,
            data["template_id"],
            recipient,
            values,
            data.get("reference"),
            body,
        )
        with self._lock:
            self.sent.append(sent)
        content = {"body": body} | (
            {"subject": template.subject, "from_email": "resettle@notifications.service.gov.uk"}
            if kind == "email"
            else {"from_number": "GOVUK"}
        )
        answer = {
            "id": sent.id,
            "reference": sent.reference,
            "content": content,
            "uri": f"{self.url}/v2/notifications/{sent.id}",
            "template": {
                "id": sent.template_id,
                "version": template.version,
                "uri": f"{self.url}/v2/template/{sent.template_id}/version/{template.version}",
            },
            "scheduled_for": None,
        }
        return Response(json.dumps(answer), status=201, content_type="application/json")

    def _check_token(self, header: str) -> Response | None:
        """Notify's checks, in its order; None when the token is good."""
        if not header.startswith("Bearer "):
            return _errors(401, "AuthError", "Unauthorized: authentication token must be provided")
        token = header[len("Bearer ") :]
        try:
            claims = jwt.decode(token, options={"verify_signature": False}, algorithms=["HS256"])
        except jwt.InvalidTokenError:
            return _errors(403, "AuthError", "Invalid token: signature, api token is not valid")
        if "iss" not in claims:
            return _errors(403, "AuthError", "Invalid token: iss field not provided")
        if claims["iss"] != self.service_id:
            return _errors(403, "AuthError", "Invalid token: service not found")
        try:
            jwt.decode(token, key=self.secret, algorithms=["HS256"], options={"verify_iat": False})
        except jwt.InvalidTokenError:
            return _errors(403, "AuthError", "Invalid token: signature, api token is not valid")
        now = time.time() + self.clock_offset_s
        if not isinstance(claims.get("iat"), int) or abs(now - claims["iat"]) > CLOCK_SKEW_S:
            message = "Invalid token: expired, check that your system clock is accurate"
            return _errors(403, "AuthError", message)
        return None


def _listed(sent: Sent) -> dict[str, Any]:
    """A message as Notify lists it (the fields a sender reads)."""
    return {
        "id": sent.id,
        "reference": sent.reference,
        "type": sent.kind,
        "status": "delivered",
        "template": {"id": sent.template_id, "version": 1},
        "body": sent.body,
        RECIPIENT_FIELD[sent.kind]: sent.recipient,
    }


def _errors(status: int, error: str, message: str) -> Response:
    body = {"errors": [{"error": error, "message": message}], "status_code": status}
    return Response(json.dumps(body), status=status, content_type="application/json")
