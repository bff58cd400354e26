"""How the API applies `visible_to(user)` to references: choices offered by serializers and
filters. Kept apart from athletes/api.py because Django REST framework imports the filter
backend while it is still loading its own views."""

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import Paginator
from django.db import models
from django.http import HttpRequest, QueryDict
from django_filters.filters import QuerySetRequestMixin
from django_filters.filterset import FilterSetOptions
from django_filters.rest_framework import DjangoFilterBackend, FilterSet
from django_filters.utils import get_model_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.fields import Field
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

if TYPE_CHECKING:
    # Only named in annotations: DRF imports this module before the apps are ready, and while
    # it is still loading its views.
    from rest_framework.views import APIView

    from athletes.models import Athlete, User

_M = TypeVar("_M", bound=models.Model)


def in_scope(
    model: type[_M], user: "User | AnonymousUser", *, editable: bool = False
) -> models.QuerySet[_M]:
    """The rows of `model` that `user` may see (or, `editable`, change), to offer as choices
    for a reference.

    A model without `visible_to` cannot be offered at all: failing loudly here beats offering
    every row of it by default.
    """
    method = "editable_by" if editable else "visible_to"
    scope = getattr(model._default_manager, method, None)
    if scope is None:
        raise ImproperlyConfigured(
            f"{model.__name__} has no {method}(user), so it cannot be offered as a choice."
        )
    rows: models.QuerySet[_M] = scope(user)
    return rows


class ScopedSerializer(serializers.ModelSerializer[_M]):
    """Base for every API serializer that writes a reference to another row.

    Each writable reference accepts only rows in the writer's scope, so an id outside it is
    refused with the same message as a made-up one; and the row's owner (`owner_field`) is
    fixed once the row exists, so nothing is moved onto somebody else's data.
    """

    owner_field: str | None = None
    # References the writer must be allowed to change, not only see (a milestone's goal).
    editable_references: tuple[str, ...] = ()

    def get_fields(self) -> dict[str, Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        request = self.context.get("request")
        user = request.user if request is not None else AnonymousUser()
        if self.owner_field in fields and isinstance(self.instance, models.Model):
            fields[self.owner_field].read_only = True
        for name, field in fields.items():
            relation = getattr(field, "child_relation", field)
            if isinstance(relation, serializers.RelatedField) and not field.read_only:
                choices = relation.get_queryset()
                assert choices is not None  # DRF requires one of a writable relation
                # The ignore: django-stubs #3666, any assignment to a field typed as a Manager.
                relation.queryset = in_scope(  # type: ignore[arg-type]
                    choices.model, user, editable=name in self.editable_references
                )
        return fields


class AthleteOwnedSerializer(ScopedSerializer[_M]):
    """A row of one runner (a goal, a benchmark, a race, a setback). Whoever sees a runner
    (themself, their coach, staff) may name them; a runner writing for themself need not."""

    owner_field = "athlete"

    def athlete_or_own(self, attrs: dict[str, Any]) -> "Athlete":
        athlete: Athlete | None = attrs.get("athlete") or getattr(self.instance, "athlete", None)
        athlete = athlete or self.context["request"].user.athlete_profile
        if athlete is None:
            raise serializers.ValidationError({"athlete": "Say which athlete this is for."})
        return athlete

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["athlete"] = self.athlete_or_own(attrs)
        return attrs


# How a yes/no filter is written in a query, as the schema publishes it.
BOOLEANS = ("true", "false")


class ScopedFilterSet(django_filters.FilterSet):
    """Base for every API filter set: a filter naming another row (`?athlete=`, `?goal=`)
    accepts only rows in the asker's scope. Otherwise an id outside it would filter to an
    empty page while a made-up one answers 400, telling the two apart.

    A filter sent empty (`?week_start=`), or a yes/no filter sent anything but `true` or
    `false` (`?open=null`), is refused too: django-filter would read either as no filter at
    all, so a typo would silently widen the list."""

    _meta: FilterSetOptions  # set by django-filter's metaclass; the stubs leave it out

    def __init__(
        self,
        data: QueryDict | dict[str, Any] | None = None,
        queryset: models.QuerySet[Any] | None = None,
        *,
        request: HttpRequest | None = None,
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = request.user if request is not None else AnonymousUser()
        model = self._meta.model
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin):
                # A filter offering rows is built from one of the model's relations.
                assert model is not None and filter_.field_name is not None
                related = get_model_field(model, filter_.field_name).related_model
                assert related is not None
                filter_.queryset = in_scope(related, user)
        self._vague_values_refused = False

    def is_valid(self) -> bool:
        if self.is_bound and not self._vague_values_refused:
            self._vague_values_refused = True
            self.form.full_clean()
            for name, problem in self._vague_values():
                self.form.add_error(name, problem)
        return super().is_valid()

    def _vague_values(self) -> Iterator[tuple[str, str]]:
        if self.data is None:
            return
        for name, filter_ in self.filters.items():
            key = self.form.add_prefix(name)
            if key not in self.data:
                continue
            value = self.data.get(key)
            if value == "":
                yield name, "Give a value, or leave this filter out."
            elif isinstance(filter_, django_filters.BooleanFilter) and value not in BOOLEANS:
                yield name, "Either true or false."


class ScopedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: `filterset_fields` build a ScopedFilterSet, and a
    `filterset_class` that is not one is a configuration error, not a silent leak."""

    filterset_base = ScopedFilterSet

    def get_filterset_class(
        self, view: "APIView", queryset: models.QuerySet[Any] | None = None
    ) -> type[FilterSet] | None:
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is not None and not issubclass(filterset_class, ScopedFilterSet):
            raise ImproperlyConfigured(
                f"{view.__class__.__name__}.filterset_class must extend ScopedFilterSet."
            )
        return filterset_class


class Pagination(PageNumberPagination):
    """The API's pages: 50 rows unless `?page_size=` asks for another number, up to 200."""

    page_size_query_param = "page_size"
    max_page_size = 200
    # Pages are numbers, as the schema says: no undocumented `?page=last`.
    last_page_strings = ()

    def get_page_number(self, request: Request, paginator: "Paginator[Any]") -> int | str:
        # DRF reads an empty `?page=` as page 1; answer it as any page that is not a number.
        if request.query_params.get(self.page_query_param) == "":
            raise NotFound(self.invalid_page_message)
        return super().get_page_number(request, paginator)

    def get_page_size(self, request: Request) -> int | None:
        # DRF ignores a page size it cannot read; refuse it, so a typo is not a silent 50.
        asked = request.query_params.get(self.page_size_query_param)
        if asked is not None and not (asked.isascii() and asked.isdigit() and int(asked) > 0):
            raise serializers.ValidationError(
                {self.page_size_query_param: f"A whole number from 1 to {self.max_page_size}."}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view: "APIView") -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Rows per page, {self.page_size} unless asked; more than "
                    f"{self.max_page_size} answers {self.max_page_size}."
                )
        return parameters
