"""Search tokens for articles and queries: jieba for Chinese, Snowball for English.

Both database backends index and match exactly these tokens, so a query means the
same thing on PostgreSQL (full-text search over the tokens) and on SQLite (token
overlap): only the matching engine differs. Stemming happens here rather than in
PostgreSQL's 'english' configuration because SQLite has no stemmer; the
'english' dictionary is Snowball's English stemmer too, so nothing is lost.
"""

import logging
import re
import tempfile
import threading
from collections.abc import Iterable

import jieba
import snowballstemmer

# Words jieba's general dictionary splits or misses; segmenting articles and queries
# with the same additions keeps "到账" one token on both sides.
DOMAIN_WORDS = (
    "到账",
    "没收到",
    "未收到",
    "转错",
    "误转",
    "扣款",
    "风控",
    "支付密码",
    "冻结",
    "解冻",
    "退回",
    "盗刷",
    "客服",
    "凭证",
    "截图",
    "手续费",
)
# Function words that carry no meaning in a help-centre query.
_CJK_STOP = (
    "的 了 我 我的 你 您 他 她 它 我们 被 是 在 吗 呢 啊 吧 呀 和 与 或 及 把 就 都 也 还 这 那"
    " 个 怎么 怎么办 如何 为什么 什么 请问 一下 应该 能 会 要 想 有 没 该 给 让 对"
)
_ENGLISH_STOP = (
    "a an and are as at be been but by can could did do does doing for from had has"
    " have how i if in into is it its me my of on or our should so than that the"
    " their them then there these they this to too up was we were what when where"
    " which who why will with would you your"
)
CJK_STOP_WORDS = frozenset(_CJK_STOP.split())
ENGLISH_STOP_WORDS = frozenset(_ENGLISH_STOP.split())
MAX_QUERY_TOKENS = 24

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{_CJK}]")
_WORD_RE = re.compile(rf"[{_CJK}]+|[a-z0-9]+(?:'[a-z]+)?")
_ready = threading.Lock()
_initialised = False
_stemmer = snowballstemmer.stemmer("english")


def _segmenter() -> jieba.Tokenizer:
    """Load jieba's dictionary once per process, quietly, caching it in a temp dir."""
    global _initialised  # one dictionary per process
    if not _initialised:
        with _ready:
            if not _initialised:
                jieba.setLogLevel(logging.WARNING)
                jieba.dt.tmp_dir = tempfile.gettempdir()
                jieba.dt.initialize()
                for word in DOMAIN_WORDS:
                    jieba.dt.add_word(word)
                _initialised = True
    return jieba.dt


def has_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def tokens(text: str) -> list[str]:
    """Return the search tokens of text, in order, with repeats.

    Chinese runs are cut with jieba's search mode (which also emits the shorter
    words inside long ones), English words are lower-cased and stemmed, and stop
    words of either language are dropped.
    """
    found: list[str] = []
    for piece in _WORD_RE.findall(text.lower()):
        if has_cjk(piece):
            found.extend(
                word
                for word in _segmenter().cut_for_search(piece)
                if word.strip() and word not in CJK_STOP_WORDS
            )
        elif piece not in ENGLISH_STOP_WORDS:
            found.append(_stemmer.stemWord(piece.replace("'", "")))
    return found


def token_text(*texts: str) -> str:
    """Return the distinct tokens of texts as one space-padded string.

    The padding lets SQLite match a whole token with LIKE '% token %'.
    """
    seen: dict[str, None] = {}
    for text in texts:
        for token in tokens(text):
            seen.setdefault(token, None)
    return f" {' '.join(seen)} " if seen else ""


def query_tokens(query: str) -> list[str]:
    """Return the distinct tokens of a search query, at most MAX_QUERY_TOKENS."""
    return list(dict.fromkeys(tokens(query)))[:MAX_QUERY_TOKENS]


def vocabulary(token_texts: Iterable[str]) -> set[str]:
    """Return the English tokens found in stored token strings (for typo fixes)."""
    words: set[str] = set()
    for text in token_texts:
        words.update(word for word in text.split() if word.isascii() and len(word) > 2)
    return words
