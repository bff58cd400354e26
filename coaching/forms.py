"""Forms of the pages composed in coaching/."""

from django import forms


class HandledForm(forms.Form):
    """The optional note a coach leaves when marking a flag handled (the API's
    `HandledSerializer` takes the same)."""

    note = forms.CharField(required=False)
