from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from knowledgebase import selectors, services
from knowledgebase.forms import ArticleSearchForm, ArticleVoteForm, DeflectionCreateForm
from knowledgebase.models import Article

# Search and suggestions are public: the per-address limits keep a script from
# filling the missed-search report or hammering the database.
SEARCH_RATE = "60/m"
SUGGEST_RATE = "120/m"


def _session_key(request: HttpRequest) -> str:
    """The anonymous reader's session key, creating the session on a POST."""
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


def _voter(request: HttpRequest) -> object:
    return request.user if request.user.is_authenticated else None


class FaqIndexView(View):
    template_name = "knowledgebase/faq_index.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        context = {
            "categories": selectors.category_list_for_index(user=request.user),
            "top_articles": selectors.article_list_top(),
            "form": ArticleSearchForm(),
        }
        return render(request, self.template_name, context)


class CategoryDetailView(View):
    template_name = "knowledgebase/category_detail.html"

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        category = selectors.category_get_for_reader(slug=slug, user=request.user)
        return render(request, self.template_name, {"category": category})


class ArticleDetailView(View):
    template_name = "knowledgebase/article_detail.html"

    def get(self, request: HttpRequest, slug: str) -> HttpResponse:
        article = selectors.article_get_for_reader(slug=slug, user=request.user)
        # A read counter: analytics on GET, one UPDATE with F(); no domain state.
        services.article_view_record(article=article, reader=request.user)
        vote = selectors.article_vote_for(
            article=article,
            user=request.user,
            session_key=request.session.session_key,
        )
        context = {
            "article": article,
            "text": article.current,
            "vote": vote,
            "vote_form": ArticleVoteForm(),
        }
        return render(request, self.template_name, context)


def _anonymous_vote_refused(request: HttpRequest, article: Article) -> bool:
    """Whether an anonymous vote from a new session is one too many for its address.

    A fresh session is free to make, so sessions alone let a script vote again
    and again: an address gets one counted first vote per article a day (a session
    that voted may still change its answer) and WALLETDESK_FAQ_VOTE_RATE_PER_IP
    first votes in all.
    """
    if request.user.is_authenticated:
        return False
    if selectors.article_vote_for(
        article=article, user=request.user, session_key=request.session.session_key
    ):
        return False
    return is_ratelimited(
        request,
        group="knowledgebase.vote",
        key="ip",
        rate=settings.WALLETDESK_FAQ_VOTE_RATE_PER_IP,
        increment=True,
    ) or is_ratelimited(
        request,
        group=f"knowledgebase.vote.{article.pk}",
        key="ip",
        rate="1/d",
        increment=True,
    )


class ArticleVoteView(View):
    """POST "was this helpful?"; one vote per user or session, changeable."""

    def post(self, request: HttpRequest, slug: str) -> HttpResponse:
        article = selectors.article_get_for_reader(slug=slug, user=request.user)
        form = ArticleVoteForm(request.POST)
        if form.is_valid() and _anonymous_vote_refused(request, article):
            messages.info(
                request,
                _(
                    "An answer from your network was already counted for this article. Thank you."
                ),
            )
        elif form.is_valid():
            services.article_vote(
                article=article,
                user=_voter(request),
                session_key=_session_key(request),
                is_helpful=form.cleaned_data["helpful"],
            )
            messages.success(request, _("Thank you for your feedback."))
        return redirect(article.get_absolute_url() + "#feedback")


@method_decorator(
    ratelimit(key="ip", rate=SEARCH_RATE, method="GET", block=False), name="get"
)
class ArticleSearchView(View):
    template_name = "knowledgebase/search.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        form = ArticleSearchForm(request.GET)
        query = form.cleaned_data["q"] if form.is_valid() else ""
        result = selectors.article_search(query=query, user=request.user)
        if (
            result.query
            and not result.articles
            and not getattr(request, "limited", False)
        ):
            # Analytics for supervisors on a GET: one upsert, no domain state.
            services.search_miss_record(
                query=result.query, language=request.LANGUAGE_CODE
            )
        return render(request, self.template_name, {"form": form, "result": result})


@method_decorator(
    ratelimit(key="ip", rate=SUGGEST_RATE, method="GET", block=False), name="get"
)
class ArticleSuggestApi(View):
    """JSON: published articles matching text being typed (ticket form, reply box).

    ``q`` is the text; ``lang`` (optional) picks the language of the titles, so an
    agent can link an article in the ticket's language.
    """

    def get(self, request: HttpRequest) -> JsonResponse:
        if getattr(request, "limited", False):
            return JsonResponse({"results": []}, status=429)
        language = request.GET.get("lang") or request.LANGUAGE_CODE
        articles = selectors.article_suggest(text=request.GET.get("q", ""))
        results = []
        for article in articles:
            shown = article.shown(language)
            path = article.get_absolute_url()
            results.append(
                {
                    "slug": article.slug,
                    "title": shown.title,
                    "summary": shown.summary,
                    "language": shown.language,
                    "url": path,
                    "absolute_url": settings.SITE_URL + path,
                }
            )
        return JsonResponse({"results": results})


class DeflectionCreateView(View):
    """POST "this solved it" from a suggestion: record it and show the article.

    No ticket is created; the customer lands on the article that helped.
    """

    def post(self, request: HttpRequest) -> HttpResponse:
        form = DeflectionCreateForm(request.POST)
        if not form.is_valid():
            raise Http404("No such article")
        article = selectors.article_get_published(slug=form.cleaned_data["article"])
        services.deflection_record(
            article=article,
            user=_voter(request),
            session_key=_session_key(request),
            query=form.cleaned_data["query"],
            situation=form.cleaned_data["situation"],
            language=request.LANGUAGE_CODE,
        )
        messages.success(
            request,
            _("Glad this answered your question. No ticket was filed."),
        )
        return redirect(article.get_absolute_url())
