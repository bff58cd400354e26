"""A viewset mixin for rows one may see without changing them. Apart from athletes/api_scope.py,
which Django REST framework imports while it is still loading the views this extends."""

from typing import TypeVar

from django.db import models
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import SAFE_METHODS

from athletes.api_scope import in_scope

_M = TypeVar("_M", bound=models.Model)


class EditableScopeMixin(GenericAPIView[_M]):
    """For a viewset over rows with `visible_to` and `editable_by`, reading through
    `visible_to` in `get_queryset`: a write reaches only a row the user may change, by the same
    `editable_by` as the pages. Outside scope answers 404, as for a made-up id; a row the user
    may only look at is read-only to them (403)."""

    read_only_message = "You can read this but not change it."

    def get_object(self) -> _M:
        row = super().get_object()
        if self.request.method not in SAFE_METHODS:
            editable = in_scope(type(row), self.request.user, editable=True)
            if not editable.filter(pk=row.pk).exists():
                raise PermissionDenied(self.read_only_message)
        return row
