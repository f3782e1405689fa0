"""FAQ search over the API: what a reader may read, ranked like the web search."""

from django.utils import translation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from knowledgebase.api.serializers import ArticleSearchResultSerializer
from knowledgebase.selectors import MAX_QUERY_LENGTH, article_search


class ArticleSearchApi(APIView):
    """Search the FAQ; anyone may, staff also find internal articles."""

    permission_classes = (AllowAny,)
    throttle_scope = "faq"

    @extend_schema(
        operation_id="faq_search",
        tags=["faq"],
        parameters=[
            OpenApiParameter(
                "q",
                OpenApiTypes.STR,
                description="What to search for, in Chinese or English.",
            )
        ],
        responses={200: ArticleSearchResultSerializer},
    )
    def get(self, request: Request) -> Response:
        query = request.query_params.get("q", "")[:MAX_QUERY_LENGTH]
        result = article_search(query=query, user=request.user)
        return Response(
            ArticleSearchResultSerializer(
                result,
                context={"language": translation.get_language() or "zh-hans"},
            ).data
        )
