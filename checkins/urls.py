from django.urls import path

from checkins import views_emails, views_reviews, views_runs

urlpatterns = [
    path("runs/", views_runs.run_log, name="run-log"),
    path("runs/new/", views_runs.run_edit, name="run-new"),
    path("runs/import/", views_runs.run_import, name="run-import"),
    path("runs/<int:pk>/edit/", views_runs.run_edit, name="run-edit"),
    path("runs/<int:pk>/delete/", views_runs.run_delete, name="run-delete"),
    path("athletes/<int:pk>/runs/", views_runs.athlete_runs, name="athlete-runs"),
    path("unsubscribe/<str:token>/", views_emails.unsubscribe, name="unsubscribe"),
    path("reviews/", views_reviews.review_list, name="review-list"),
    path("reviews/this-week/", views_reviews.review_this_week, name="review-this-week"),
    path("reviews/<str:week>/", views_reviews.review_edit, name="review-edit"),
    path("reviews/<str:week>/save/", views_reviews.review_save, name="review-save"),
    path("reviews/<str:week>/submit/", views_reviews.review_submit, name="review-submit"),
    path("reviews/<int:pk>/comments/", views_reviews.review_comment, name="review-comment"),
    path("reviews/<int:pk>/read/", views_reviews.review_mark_read, name="review-mark-read"),
    path(
        "athletes/<int:pk>/reviews/<str:week>/",
        views_reviews.review_detail,
        name="review-detail",
    ),
]
