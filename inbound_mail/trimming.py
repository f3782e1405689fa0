"""Trim quoted history and signatures from a reply's text.

The shapes mail clients actually write: Gmail's "On … wrote:", Outlook's
"-----Original Message-----" and "From: … Sent: …" blocks, Foxmail's and
NetEase's "------------------ 原始邮件 ------------------", QQ's "发件人:" blocks,
"> " quoting, and the "-- " signature separator (plus "Sent from my iPhone").
"""

import re

_HISTORY_STARTS = [
    re.compile(r"^On .{1,200}wrote:\s*$", re.IGNORECASE),
    re.compile(r"^在 .{1,200}(写道|寫道)[:\uff1a]\s*$"),
    re.compile(
        r"^-{2,}\s*(Original Message|原始邮件|原始郵件|Forwarded message)\s*-{2,}",
        re.IGNORECASE,
    ),
    re.compile(r"^_{10,}\s*$"),
    re.compile(r"^(From|发件人|寄件者)\s*[:\uff1a]\s*\S", re.IGNORECASE),
]
_SIGNATURE_STARTS = [
    re.compile(r"^--\s?$"),
    re.compile(
        r"^(Sent from my |Get Outlook for |发自我的|从我的 ?iPhone 发送)", re.IGNORECASE
    ),
]
# "From:" starts Outlook's block only with a "Sent:"/"Date:" line close below it.
_FOLLOWERS = re.compile(
    r"^(Sent|Date|发送时间|日期|To|收件人)\s*[:\uff1a]", re.IGNORECASE
)


def _history_start(lines: list[str], index: int) -> bool:
    line = lines[index].strip()
    for pattern in _HISTORY_STARTS:
        if pattern.search(line):
            if pattern is _HISTORY_STARTS[-1]:
                return any(
                    _FOLLOWERS.search(x.strip()) for x in lines[index + 1 : index + 4]
                )
            return True
    # Gmail folds a long "On … wrote:" over two lines.
    return (
        line.lower().startswith("on ")
        and index + 1 < len(lines)
        and lines[index + 1].strip().lower().endswith("wrote:")
    )


def reply_trim(text: str) -> str:
    """The new part of a reply: text above the quoted history, without signature."""
    lines = text.replace("\r\n", "\n").split("\n")
    kept: list[str] = []
    for index, line in enumerate(lines):
        if _history_start(lines, index):
            break
        if any(pattern.search(line.strip()) for pattern in _SIGNATURE_STARTS):
            break
        if line.lstrip().startswith(">"):
            continue
        kept.append(line.rstrip())
    trimmed = "\n".join(kept).strip()
    # A message that is all quote (a bare forward) keeps its text rather than none.
    return trimmed or text.strip()
