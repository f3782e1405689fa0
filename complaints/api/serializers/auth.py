"""API tokens: the credentials in, the token out."""

from rest_framework import serializers


class TokenOutputSerializer(serializers.Serializer):
    token = serializers.CharField()


class TokenCreateInputSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=128, trim_whitespace=False)
