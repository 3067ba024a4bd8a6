"""GOV.UK Notify: an interface, a client over Notify's own Python client, one error hierarchy."""

from integrations.notify.client import NOTIFY_BASE_URL, GovukNotifyClient, NotifyClient
from integrations.notify.errors import (
    NotifyBadResponse,
    NotifyError,
    NotifyRejected,
    NotifyServerError,
    NotifyTimeout,
    NotifyUnavailable,
)

__all__ = [
    "NOTIFY_BASE_URL",
    "GovukNotifyClient",
    "NotifyBadResponse",
    "NotifyClient",
    "NotifyError",
    "NotifyRejected",
    "NotifyServerError",
    "NotifyTimeout",
    "NotifyUnavailable",
]
