"""Milestones over REST: micro goals under a goal, added, changed and removed by whoever may
change the goal, and saved through the goal services, which mark the measurable ones achieved
from the log.
"""

from django.db.models import QuerySet
from rest_framework import viewsets

from athletes.api.editable import EditableScopeMixin
from athletes.api.fields import STRICT_FIELD_MAPPING
from athletes.api_scope import ScopedSerializer
from goals import services
from goals.api.saving import SavedThroughService
from goals.models import Milestone


class MilestoneSerializer(SavedThroughService[Milestone], ScopedSerializer[Milestone]):
    owner_field = "goal"
    # As on the goal page: a milestone goes under a goal the writer may change.
    editable_references = ("goal",)
    serializer_field_mapping = STRICT_FIELD_MAPPING

    class Meta:
        model = Milestone
        fields = ["id", "goal", "title", "target_value", "target_date", "achieved_at"]
        read_only_fields = ["achieved_at"]

    def save_through_service(self, milestone: Milestone) -> Milestone:
        return services.milestone_save(milestone=milestone)


class MilestoneViewSet(EditableScopeMixin[Milestone], viewsets.ModelViewSet[Milestone]):
    """Micro goals under a goal; measurable ones are marked achieved from the log. Whoever may
    change the goal adds, changes and removes its milestones, as on the goal's page."""

    serializer_class = MilestoneSerializer
    filterset_fields = ["goal"]

    def get_queryset(self) -> QuerySet[Milestone]:
        return Milestone.objects.visible_to(self.request.user).order_by("target_date", "pk")
