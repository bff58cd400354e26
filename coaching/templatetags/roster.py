"""`{% roster_row row %}`: one row of the coach's triage list, printed in Python.

A page holds fifty rows, and through the template engine they were most of the roster's time
(~15 ms of variable lookups and `{% if %}`s); Django's admin prints its change list's rows the
same way (`admin_list.items_for_result`). `format_html` escapes every value, as the template
would.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from coaching.roster import RosterRow

register = template.Library()

CHIP = (
    '<li class="chip severity-{}"><span class="chip-reason">{}</span>'
    ' <button class="link small" type="submit" form="handled-form" formaction="{}"'
    ' title="Hide until something changes" hx-post="{}" hx-include="#handled-form"'
    ' hx-target="#athlete-{}" hx-swap="outerHTML">Handled</button></li>'
)
NO_CHIPS = SafeString('<li class="muted small">Nothing flagged</li>')
NONE = SafeString('<span class="muted">–</span>')


def _link(url: str | None, html: SafeString) -> SafeString:
    return format_html('<a href="{}">{}</a>', url, html) if url else html


def _review(row: RosterRow) -> SafeString:
    badge = format_html('<span class="badge {}">{}</span>', row.review_tone, row.review_label)
    unread = (
        format_html(
            ' <a href="{}#comments"><span class="badge warn" title="Unread comments from {}">'
            "{} unread</span></a>",
            row.unread_url,
            row.name,
            row.unread_comments,
        )
        if row.unread_url
        else ""
    )
    return format_html("{}{}", _link(row.review_url, badge), unread)


@register.simple_tag
def roster_row(row: RosterRow) -> SafeString:
    chips = (
        format_html_join(
            "",
            CHIP,
            (
                (chip.severity, chip.reason, chip.handled_url, chip.handled_url, row.pk)
                for chip in row.chips
            ),
        )
        or NO_CHIPS
    )
    last_review = _link(row.last_review_url, format_html("{}", row.last_review))
    synced = (
        format_html(
            '<br><span class="small {} strava-sync">{}</span>',
            "badge warn" if row.sync_stale else "muted",
            row.sync_note,
        )
        if row.sync_note
        else ""
    )
    return format_html(
        '<tr id="athlete-{}">'
        '<td data-label="Athlete"><a href="{}"><strong>{}</strong></a>{}</td>'
        '<td data-label="Needs"><ul class="chips">{}</ul></td>'
        '<td data-label="Review" title="Week of {}">{}</td>'
        '<td data-label="Last review">{}</td>'
        '<td data-label="Streak">{} wk</td>'
        '<td data-label="Squad">{}</td>'
        "</tr>",
        row.pk,
        row.detail_url,
        row.name,
        synced,
        chips,
        row.review_week,
        _review(row),
        last_review if row.last_review_url else NONE,
        row.streak,
        format_html('<span class="badge">{}</span>', row.squad) if row.squad else NONE,
    )
