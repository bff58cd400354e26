"""The WSGI application gunicorn serves (`coaching.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

from coaching.checks import refuse_without_secret_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coaching.settings")

application = get_wsgi_application()
refuse_without_secret_key()
