from django.urls import path, register_converter

from checkins.converters import IsoDateConverter
from checkins.views import comments, emails, imports, reviews, runs, setbacks

register_converter(IsoDateConverter, "isodate")

app_name = "checkins"

urlpatterns = [
    path("runs/", runs.run_log, name="run-log"),
    path("runs/new/", runs.run_edit, name="run-new"),
    path("runs/import/", imports.run_import, name="run-import"),
    path("runs/import/<int:pk>/", imports.run_import_job, name="run-import-job"),
    path("runs/<int:pk>/edit/", runs.run_edit, name="run-edit"),
    path("runs/<int:pk>/delete/", runs.run_delete, name="run-delete"),
    path("athletes/<int:pk>/runs/", runs.athlete_runs, name="athlete-runs"),
    path("unsubscribe/<str:token>/", emails.unsubscribe, name="unsubscribe"),
    path("setbacks/", setbacks.setback_list, name="setbacks"),
    path("setbacks/new/", setbacks.setback_edit, name="setback-new"),
    path("setbacks/<int:pk>/edit/", setbacks.setback_edit, name="setback-edit"),
    path("setbacks/<int:pk>/delete/", setbacks.setback_delete, name="setback-delete"),
    path("setbacks/<int:pk>/over/", setbacks.setback_over, name="setback-over"),
    path(
        "athletes/<int:athlete_pk>/setbacks/",
        setbacks.setback_list,
        name="athlete-setbacks",
    ),
    path("reviews/", reviews.review_list, name="review-list"),
    path("reviews/this-week/", reviews.review_this_week, name="review-this-week"),
    path("reviews/<isodate:week>/", reviews.review_edit, name="review-edit"),
    path("reviews/<isodate:week>/save/", reviews.review_save, name="review-save"),
    path("reviews/<isodate:week>/submit/", reviews.review_submit, name="review-submit"),
    path("reviews/<int:pk>/comments/", comments.review_comment, name="review-comment"),
    path("reviews/<int:pk>/read/", comments.review_mark_read, name="review-mark-read"),
    path(
        "athletes/<int:pk>/reviews/<isodate:week>/",
        reviews.review_detail,
        name="review-detail",
    ),
]
