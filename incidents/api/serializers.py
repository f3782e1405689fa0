from rest_framework import serializers

from incidents.models import Incident, IncidentUpdate


class IncidentUpdateOutputSerializer(serializers.ModelSerializer):
    body = serializers.CharField()

    class Meta:
        model = IncidentUpdate
        fields = ["state", "body", "body_zh_hans", "body_en", "created_at"]


class IncidentOutputSerializer(serializers.ModelSerializer):
    title = serializers.CharField()
    summary = serializers.CharField()
    updates = IncidentUpdateOutputSerializer(many=True)

    class Meta:
        model = Incident
        fields = [
            "id",
            "title",
            "summary",
            "title_zh_hans",
            "title_en",
            "summary_zh_hans",
            "summary_en",
            "state",
            "severity",
            "kinds",
            "categories",
            "transaction_types",
            "started_at",
            "resolved_at",
            "updates",
        ]
