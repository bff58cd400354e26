"""Pages reached from e-mails: the one-click unsubscribe link."""

from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from athletes.models import User
from checkins import emails


# Mail clients send the RFC 8058 one-click POST straight from the inbox, with no session and
# no CSRF token. The signed token is the authority instead: it names one person and one list,
# and the only thing it can do is stop e-mails, which settings undo.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    try:
        user_id, mailing_list = emails.read_unsubscribe_token(token)
    except signing.BadSignature as error:
        raise Http404("This unsubscribe link is not valid.") from error
    user = get_object_or_404(User, pk=user_id, is_active=True)
    if request.method == "POST":
        emails.unsubscribe(user=user, mailing_list=mailing_list)
    context = {"mailing_list": mailing_list, "done": request.method == "POST"}
    return render(request, "checkins/unsubscribe.html", context)
