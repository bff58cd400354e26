from django.urls import path

from athletes import views

app_name = "athletes"

urlpatterns = [
    path("accounts/signup/", views.signup, name="signup"),
    path("welcome/", views.onboarding, name="onboarding"),
    path("welcome/skip/", views.onboarding_skip, name="onboarding-skip"),
    path("settings/", views.account_settings, name="settings"),
    path("settings/busy/new/", views.busy_period_edit, name="busy-period-new"),
    path("settings/busy/<int:pk>/", views.busy_period_edit, name="busy-period-edit"),
    path("settings/busy/<int:pk>/delete/", views.busy_period_delete, name="busy-period-delete"),
    path("squads/", views.squad_list, name="squads"),
    path("squads/<int:pk>/", views.squad_rename, name="squad-rename"),
    path("squads/<int:pk>/delete/", views.squad_delete, name="squad-delete"),
    path("athletes/<int:pk>/squad/", views.athlete_move, name="athlete-move"),
    path("athletes/<int:pk>/remove/", views.athlete_remove, name="athlete-remove"),
    path("invitations/", views.invitation_list, name="invitations"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation-revoke"),
    path("invitations/<int:pk>/resend/", views.invitation_resend, name="invitation-resend"),
    path("invite/<str:token>/", views.invitation_accept, name="invitation-accept"),
]
