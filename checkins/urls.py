from django.urls import path

from checkins import setback_views, views

urlpatterns = [
    path("runs/", views.run_log, name="run-log"),
    path("runs/new/", views.run_edit, name="run-new"),
    path("runs/import/", views.run_import, name="run-import"),
    path("runs/import/<int:pk>/", views.run_import_job, name="run-import-job"),
    path("runs/<int:pk>/edit/", views.run_edit, name="run-edit"),
    path("runs/<int:pk>/delete/", views.run_delete, name="run-delete"),
    path("athletes/<int:pk>/runs/", views.athlete_runs, name="athlete-runs"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("setbacks/", setback_views.setback_list, name="setbacks"),
    path("setbacks/new/", setback_views.setback_edit, name="setback-new"),
    path("setbacks/<int:pk>/edit/", setback_views.setback_edit, name="setback-edit"),
    path("setbacks/<int:pk>/delete/", setback_views.setback_delete, name="setback-delete"),
    path("setbacks/<int:pk>/over/", setback_views.setback_over, name="setback-over"),
    path(
        "athletes/<int:athlete_pk>/setbacks/",
        setback_views.setback_list,
        name="athlete-setbacks",
    ),
    path("reviews/", views.review_list, name="review-list"),
    path("reviews/this-week/", views.review_this_week, name="review-this-week"),
    path("reviews/<str:week>/", views.review_edit, name="review-edit"),
    path("reviews/<str:week>/save/", views.review_save, name="review-save"),
    path("reviews/<str:week>/submit/", views.review_submit, name="review-submit"),
    path("reviews/<int:pk>/comments/", views.review_comment, name="review-comment"),
    path("reviews/<int:pk>/read/", views.review_mark_read, name="review-mark-read"),
    path(
        "athletes/<int:pk>/reviews/<str:week>/",
        views.review_detail,
        name="review-detail",
    ),
]
