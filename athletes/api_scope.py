"""How the API applies `visible_to(user)` to references: choices offered by serializers and
filters. Kept apart from athletes/api.py because Django REST framework imports the filter
backend while it is still loading its own views."""

import django_filters
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django_filters.filters import QuerySetRequestMixin
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import get_model_field
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination


def in_scope(model: type[models.Model], user) -> models.QuerySet:
    """The rows of `model` that `user` may see, to offer as choices for a reference.

    A model without `visible_to` cannot be offered at all: failing loudly here beats offering
    every row of it by default.
    """
    visible_to = getattr(model.objects, "visible_to", None)
    if visible_to is None:
        raise ImproperlyConfigured(
            f"{model.__name__} has no visible_to(user), so it cannot be offered as a choice."
        )
    return visible_to(user)


class ScopedSerializer(serializers.ModelSerializer):
    """Base for every API serializer that writes a reference to another row.

    Each writable reference accepts only rows in the writer's scope, so an id outside it is
    refused with the same message as a made-up one; and the row's owner (`owner_field`) is
    fixed once the row exists, so nothing is moved onto somebody else's data.
    """

    owner_field: str | None = None

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        user = request.user if request is not None else AnonymousUser()
        if self.owner_field in fields and isinstance(self.instance, models.Model):
            fields[self.owner_field].read_only = True
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            if isinstance(relation, serializers.RelatedField) and not field.read_only:
                relation.queryset = in_scope(relation.queryset.model, user)
        return fields


class AthleteOwnedSerializer(ScopedSerializer):
    """A row of one runner (a goal, a benchmark, a race, a setback). Whoever sees a runner
    (themself, their coach, staff) may name them; a runner writing for themself need not."""

    owner_field = "athlete"

    def athlete_or_own(self, attrs: dict):
        athlete = attrs.get("athlete") or getattr(self.instance, "athlete", None)
        athlete = athlete or self.context["request"].user.athlete_profile
        if athlete is None:
            raise serializers.ValidationError({"athlete": "Say which athlete this is for."})
        return athlete

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["athlete"] = self.athlete_or_own(attrs)
        return attrs


class ScopedFilterSet(django_filters.FilterSet):
    """Base for every API filter set: a filter naming another row (`?athlete=`, `?goal=`)
    accepts only rows in the asker's scope. Otherwise an id outside it would filter to an
    empty page while a made-up one answers 400, telling the two apart."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None) or AnonymousUser()
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin):
                related = get_model_field(self._meta.model, filter_.field_name).related_model
                filter_.queryset = in_scope(related, user)


class ScopedFilterBackend(DjangoFilterBackend):
    """The API's filter backend: `filterset_fields` build a ScopedFilterSet, and a
    `filterset_class` that is not one is a configuration error, not a silent leak."""

    filterset_base = ScopedFilterSet

    def get_filterset_class(self, view, queryset=None):
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

    def get_page_size(self, request):
        # DRF ignores a page size it cannot read; refuse it, so a typo is not a silent 50.
        asked = request.query_params.get(self.page_size_query_param)
        if asked is not None and not (asked.isascii() and asked.isdigit() and int(asked) > 0):
            raise serializers.ValidationError(
                {self.page_size_query_param: f"A whole number from 1 to {self.max_page_size}."}
            )
        return super().get_page_size(request)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["minimum"] = 1
                parameter["description"] = (
                    f"Rows per page, {self.page_size} unless asked; more than "
                    f"{self.max_page_size} answers {self.max_page_size}."
                )
        return parameters
