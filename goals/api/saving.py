"""What milestones and benchmarks share over REST: their writes go through the goal services
(`SavedThroughService`), which validate them and record what they reach, as the pages do.
"""


class SavedThroughService:
    """Writes go through the goals service, which validates and records achievements."""

    def save_through_service(self, instance):
        raise NotImplementedError

    def create(self, validated_data):
        return self.save_through_service(self.Meta.model(**validated_data))

    def update(self, instance, validated_data):
        for name, value in validated_data.items():
            setattr(instance, name, value)
        return self.save_through_service(instance)
