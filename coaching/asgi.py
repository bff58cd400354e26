"""The ASGI application, for servers that speak ASGI (`coaching.asgi:application`)."""

import os

from django.core.asgi import get_asgi_application

from coaching.checks import refuse_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

application = get_asgi_application()
refuse_without_secret_key()
