"""The SMART verdicts as the API shows them: one verdict per criterion (status, message,
suggestion), Achievable with every finding it weighed, the five together as a goal's `smart`
field (`SMART`, null for a vision goal) and the answer of `POST /api/v1/goals/assess/`.
`GOAL_REFUSED` documents the refusal of a goal failing them unconfirmed; `VERDICT_STATUSES` names
the status enum in the schema (`coaching/settings.py`).
"""

from drf_spectacular.utils import OpenApiExample, OpenApiResponse
from rest_framework import serializers

from goals.smart.verdicts import Assessment, Status, Verdict

VERDICT_STATUSES = [status.value for status in Status]


class VerdictSerializer(serializers.Serializer[Verdict]):
    status = serializers.ChoiceField(choices=VERDICT_STATUSES)
    message = serializers.CharField()
    suggestion = serializers.CharField(allow_blank=True)


class AchievableVerdictSerializer(VerdictSerializer):
    findings = VerdictSerializer(
        many=True, help_text="Every rule achievability was weighed on; the verdict is the worst."
    )


class SmartSerializer(serializers.Serializer[Assessment]):
    """The five SMART verdicts. Each criterion is a field of its own: one shared instance would
    publish a single criterion under a wrong title."""

    specific = VerdictSerializer(label=Assessment.LABELS["specific"])
    measurable = VerdictSerializer(label=Assessment.LABELS["measurable"])
    achievable = AchievableVerdictSerializer(label=Assessment.LABELS["achievable"])
    relevant = VerdictSerializer(label=Assessment.LABELS["relevant"])
    time_bound = VerdictSerializer(label=Assessment.LABELS["time_bound"])


SMART = SmartSerializer(allow_null=True, help_text="null for a vision goal.")


# The API's usual 400 (coaching/api_schema.py), with the SMART refusal spelled out.
GOAL_REFUSED = OpenApiResponse(
    {"type": "object", "additionalProperties": {}},
    description="The request was refused: the messages say why, by field. A goal whose SMART "
    "check fails is refused under `confirm`, naming the failing criteria, unless the request "
    'sends `"confirm": true`.',
    examples=[
        OpenApiExample(
            "SMART check fails",
            value={
                "confirm": [
                    "This goal fails the SMART check on Achievable and Time-bound. Confirm to "
                    "save it anyway, or change it."
                ]
            },
            status_codes=["400"],
            response_only=True,
        )
    ],
)
