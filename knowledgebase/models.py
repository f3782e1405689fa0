# The bilingual FAQ (categories, articles, votes, deflections) arrives with the
# knowledge-base issue (#7); the app is registered now so its URLs have a home.
