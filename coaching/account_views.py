"""People own their data: download it (a runner or coach their own, a coach their roster) and
delete their account."""

import io
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from athletes.access import coach_of
from athletes.http import AuthenticatedHttpRequest
from athletes.models import User
from coaching import account, export


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="To be sure it is you.",
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing was deleted.")
        return password


def attachment(content: bytes, *, filename: str, content_type: str) -> FileResponse:
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=filename, content_type=content_type
    )


@login_required
@require_GET
@never_cache
def account_export(request: AuthenticatedHttpRequest) -> FileResponse:
    now = timezone.now()
    return attachment(
        export.export_zip(request.user, now=now),
        filename=export.export_filename(now),
        content_type="application/zip",
    )


@login_required
@require_GET
@never_cache
def roster_export(request: AuthenticatedHttpRequest) -> FileResponse:
    coach = coach_of(request)
    now = timezone.now()
    return attachment(
        export.roster_csv(coach, user=request.user, now=now).encode(),
        filename=export.roster_filename(now),
        content_type="text/csv; charset=utf-8",
    )


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    form = DeleteAccountForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        account.account_delete(user=user)
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("home")
    context = {
        "form": form,
        "runner": user.athlete_profile,
        "coach": user.coach_profile,
        "roster_size": user.coach_profile.athletes.count() if user.coach_profile else 0,
    }
    return render(request, "coaching/account_delete.html", context)
