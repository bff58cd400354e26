"""Walk every URL the app has as each of six people and check the answer each one gets.

The table lives in tests/scoping.py; its docstring says how to add a URL.
"""

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.scoping import EXEMPT_NAMESPACES, LOGIN, ROLES, ROUTES, user_of


def url_routes() -> dict[str | None, list[str]]:
    """Every URL name in coaching.urls → the route(s) carrying it."""
    found: dict[str | None, list[str]] = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in EXEMPT_NAMESPACES:
                    continue
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                # DRF's `.json` twin of a route shares its name and its view.
                if "format" in pattern.pattern.regex.groupindex:
                    continue
                name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
                found.setdefault(name, []).append(prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_url_has_an_entry_in_the_scoping_table():
    routes = url_routes()
    assert None not in routes, f"Give these URLs a name: {routes.get(None)}"
    missing = sorted(set(routes) - set(ROUTES))
    assert not missing, (
        f"No scoping expectations for {missing}. Add an entry for each to ROUTES in "
        "tests/scoping.py (its docstring shows how)."
    )
    stale = sorted(set(ROUTES) - set(routes))
    assert not stale, f"tests/scoping.py lists URLs that no longer exist: {stale}"


def test_no_two_urls_share_a_name():
    # The same name on the same route is a deliberate override (coaching.urls replaces
    # django.contrib.auth's password_reset); the same name on two routes is a mistake.
    shared = {name: found for name, found in url_routes().items() if len(set(found)) > 1}
    assert not shared, f"These names point at more than one URL; rename one of each: {shared}"


def answer(client: Client, method: str, url: str, data: dict):
    if url.startswith("/api/") and method != "get":
        return getattr(client, method)(url, data, content_type="application/json")
    return getattr(client, method)(url, data)


def matches(response, expected) -> bool:
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    return response.status_code == expected


@pytest.mark.parametrize(
    ("name", "method"),
    [(name, method) for name, route in ROUTES.items() for method in route.methods],
)
def test_each_person_gets_the_expected_answer(cast, name, method):
    route = ROUTES[name]
    expected = route.methods[method]
    wrong = []
    with override_settings(**route.settings):
        for role in ROLES:
            client = Client()
            user = user_of(cast, role)
            if user is not None:
                client.force_login(user)
            url = reverse(name, args=route.args(cast))
            response = answer(client, method, url, route.data(cast))
            if not matches(response, getattr(expected, role)):
                wrong.append(
                    f"{role}: expected {getattr(expected, role)}, got {response.status_code}"
                )
    assert not wrong, f"{method.upper()} {name}: " + "; ".join(wrong)
