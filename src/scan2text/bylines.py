"""Bylines and credits: find who wrote (or photographed) an article.

Chinese papers put the credit at the end of the body, in brackets
(``……绝不姑息。（郭莎莎 文/何乐 图）``) or plain (``……的魅力。白今明 报道``),
or at the start (``本报讯（记者 张三 通讯员 李四）2月7日……``). English
papers put ``By JANE DOE`` above the body and agency lines (``Associated
Press``) above or below it.

A credit is a list of *names* (2-4 ideographs, or a name with ``·``) and
*roles* (记者, 通讯员, 文, 图, 摄, 报道 ...), separated by spaces, ``/`` or
``、``. The rules that keep body text out:

* An end credit must follow sentence-final punctuation (or stand alone):
  ``河南（宝丰）`` is preceded by an ideograph, so it is never a byline.
* A credit without any role word (``（吕依然）``) must look like personal
  names: every name starts with a common Chinese surname and does not end
  like an institution or place (县, 局, 院 ...). ``（资料图）``,
  ``（下转第二版）``, ``（宝丰）`` fail this.
* A plain credit without brackets needs a role word (``白今明 报道``).
* Datelines (``BEIJING, Feb. 9 —``) are not credits and stay in the body.

The recogniser drops the narrow spaces of a credit and reads some
full-width brackets as ASCII, so credits are also recognised run together
(``(记者黄敏通讯员孙强)``, ``（李得胜朱亚旭）``: role words are cut off, names
parted at their surnames), and :func:`format_credit` writes them back the way
the page sets them. English bylines may be broken over lines (``By JANE DOE
and`` / ``BRIAN MCALLISTER``, then ``Staff Writer``): :func:`continue_byline`
says which next lines carry a byline on.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from scan2text.textnorm import fold_cjk_punctuation, is_han

log = logging.getLogger(__name__)

# Common Chinese surnames (the few hundred that cover almost every person),
# most common first; used for credits that carry no role word and to part
# names the recogniser ran together.
_SURNAME_ORDER = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向"
    "汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦卢麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑"
    "迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜阚花权强帅屠豆朴盖练廉禹井"
    "祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆"
    "茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
_SURNAMES_1 = set(_SURNAME_ORDER)
_SURNAMES_2 = (
    "欧阳",
    "司马",
    "诸葛",
    "上官",
    "东方",
    "皇甫",
    "令狐",
    "慕容",
    "尉迟",
    "公孙",
    "夏侯",
    "端木",
    "长孙",
    "宇文",
    "司徒",
    "西门",
    "独孤",
    "完颜",
)
# Names that end like these are institutions or places, not people.
_INSTITUTION_END = set("省市县区镇乡村局厅部院委办社台网站处科所校园馆队组团会")
# Bracketed notes that are never credits (single characters only as the
# whole note or its opening, since names may contain them).
_NOT_CREDIT = re.compile(
    r"资料|下转|上接|转第|接第|见第|第.{1,3}版|图片|来源|摘自|编者按|译者|记者手记|详见|本版|^完$|^续|^据|^注"
)

ROLE_PREFIX = (
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "记者",
    "特约通讯员",
    "通讯员",
    "实习生",
    "摄影记者",
    "本报通讯员",
)
ROLE_SUFFIX = ("报道", "整理", "供稿", "撰稿", "编译", "摄影", "摄", "文", "图", "文图")
PHOTO_ROLES = frozenset({"摄", "摄影", "图", "摄影记者"})
_ROLES = frozenset(ROLE_PREFIX + ROLE_SUFFIX)

_HAN = r"\u3400-\u9fff"
_NAME = re.compile(rf"^[{_HAN}]{{2,4}}$|^[{_HAN}]{{1,6}}[·•・][{_HAN}]{{1,8}}$")
_SENTENCE_END = "。！？!?…"
_CLOSE_QUOTES = "”’」』"

# English.
_EN_CAPS_WORD = r"(?:[A-Z][A-Z'’\-]+|[A-Z]\.)"
_EN_TITLE_WORD = (
    r"(?:[A-Z][a-z'’\-]+(?:[A-Z][a-z'’\-]+)?|[A-Z]\.|Mc[A-Z][a-z]+|O'[A-Z][a-z]+|de|van|von|der|la|le)"
)
_EN_CAPS_NAME = rf"{_EN_CAPS_WORD}(?:\s+{_EN_CAPS_WORD}){{0,3}}"
_EN_TITLE_NAME = rf"{_EN_TITLE_WORD}(?:\s+{_EN_TITLE_WORD}){{0,3}}"
# "By" may lose its space before a name in capitals ("ByMARGARET HOLLIS"); set
# in capitals itself ("BY ANNE RAVER") it keeps it ("BYRON" is a name), and a
# line in capitals that starts "BY THE" is a heading ("BY THE NUMBERS").
_BY = r"(?:By\s*|BY\s+(?!(?:THE|A|AN|ITS|HIS|HER|OUR|THEIR|THIS|THAT)\b))"
_BY_CAPS = re.compile(rf"^\s*{_BY}({_EN_CAPS_NAME}(?:\s*(?:,|and|AND|&)\s*{_EN_CAPS_NAME})*)(?=\s|$)")
_EN_ANY_NAME = rf"(?:{_EN_CAPS_NAME}|{_EN_TITLE_NAME})"
_EN_AND = r"(?:,|and|AND|&)"
# A byline broken after "and" ("By JANE DOE and" / "BRIAN MCALLISTER"): the first line ...
_BY_OPEN = re.compile(rf"^\s*{_BY}{_EN_ANY_NAME}(?:\s*{_EN_AND}\s*{_EN_ANY_NAME})*\s*{_EN_AND}\s*$")
# ... and the line that carries on with names (possibly ending in "and" again).
_NAMES_LINE = re.compile(rf"^\s*{_EN_ANY_NAME}(?:\s*{_EN_AND}\s*{_EN_ANY_NAME})*(?:\s*{_EN_AND})?\s*$")
# A byline cut after the first word of the name.
_BY_ONE_WORD = re.compile(rf"^\s*{_BY}{_EN_CAPS_WORD}\s*$")
# A second name run onto the next line ("and HENRY ABBOTT", "andHENRYABBOTT" from worn type).
# ("AND" needs its space: "ANDERSON" is a name.)
_AND_NAME_LINE = re.compile(
    rf"^\s*(?:and\s*|AND\s+|&\s*)({_EN_CAPS_NAME}(?:\s*{_EN_AND}\s*{_EN_CAPS_NAME})*)\s*$"
)
_BY_TITLE_LINE = re.compile(
    rf"^\s*By\s+{_EN_TITLE_NAME}(?:\s*(?:,|and|&)\s*{_EN_TITLE_NAME})*(?:\s*[,|/—-]\s*[A-Z][\w .’'-]{{0,40}})?\s*$"
)
_AGENCIES = (
    r"(?:The\s+)?Associated\s+Press|AP|Reuters|AFP|Agence\s+France-Presse|Bloomberg(?:\s+News)?|Xinhua|"
    r"United\s+Press\s+International|UPI|Press\s+Association|PA|dpa|Kyodo(?:\s+News)?"
)
_STAFF = (
    r"Staff\s+(?:Writer|Writers|Reporter|Reporters|Report|Correspondent|Photographer)|(?:Special|Foreign|Senior|Chief)\s+"
    r"Correspondent|Correspondent|Contributing\s+Writer|Special\s+to\s+(?:the\s+|The\s+)?[A-Z][\w .’'-]{1,40}|"
    r"(?:Photo(?:graph)?s?|Photographer)|"
    # "Herald Correspondent", "Sports Writer"; "For the Herald".
    r"(?:[A-Z][a-z]+\s+){1,2}(?:Correspondent|Writer|Reporter)|For\s+[Tt]he\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}"
)
_CREDIT_LINE = re.compile(
    rf"^\s*[—–-]*\s*(?:{_AGENCIES}|{_STAFF}|(?:{_EN_TITLE_NAME}|{_EN_CAPS_NAME})\s*[,|/]\s*(?:{_STAFF}|{_AGENCIES}))\s*$"
)
_PHOTO_EN = re.compile(
    r"^\s*(?:Photo(?:graph)?s?\s*(?:by|:)\s*.+|.+[,/|]\s*(?:Staff\s+)?Photographer|\((?:Photo|Photograph):.+\))\s*$",
    re.I,
)
_EN_END = re.compile(rf"(?<=[.!?\"”’])\s*[—–]+\s*((?:{_AGENCIES})|{_EN_TITLE_NAME}|{_EN_CAPS_NAME})\s*$")
# A bracket of either width, halves mixed ("（陈静)": the recogniser reads some full-width brackets as ASCII).
_BRACKET = r"[（(][^（）()]{1,40}[）)]"
_CN_START = re.compile(
    rf"^\s*(本报讯|本报[{_HAN}]{{1,6}}讯|[{_HAN}]{{2,8}}(?:网|报|台|社)讯)\s*({_BRACKET})?"
)
# The same tag inside the first paragraph, after text that strayed in front of it.
_CN_TAG_INSIDE = re.compile(rf"(本报(?:[{_HAN}]{{1,6}})?讯)\s*({_BRACKET})")
_LEADING_BRACKET = re.compile(rf"^\s*({_BRACKET})")


@dataclass
class Byline:
    """A credit found in an article: its text and where it stood.

    ``position`` is ``"start"`` (opening the body), ``"end"`` (closing the
    body) or ``"line"`` (a line of its own).
    """

    text: str
    position: str  # "start" | "end" | "line"


def _is_person_name(token: str) -> bool:
    """A bare token that reads as a Chinese personal name (surname check, no institution ending)."""
    if not _NAME.match(token):
        return False
    if "·" in token or "•" in token or "・" in token:
        return True
    if token[-1] in _INSTITUTION_END:
        return False
    return token[0] in _SURNAMES_1 or token[:2] in _SURNAMES_2


def _is_name_part(part: str) -> bool:
    """A piece of a run-together credit that can be one person's name: a surname and one or two more characters."""
    if part[-1] in _INSTITUTION_END:
        return False
    if part[:2] in _SURNAMES_2:
        return 3 <= len(part) <= 4
    return 2 <= len(part) <= 3 and part[0] in _SURNAMES_1


def _surname_rank(part: str) -> int:
    """How common the name's surname is: its place in the surname list (compound surnames count as common)."""
    return 0 if part[:2] in _SURNAMES_2 else _SURNAME_ORDER.find(part[0])


def split_names(token: str) -> list[str]:
    """Part personal names that the recogniser ran together (``李得胜朱亚旭`` -> ``["李得胜", "朱亚旭"]``).

    Chinese names are a surname and one or two given characters (a compound
    surname and one or two). The token is cut into the fewest such names;
    where two cuts tie (``张三丰李四`` could be 2+3 or 3+2), the one whose
    names start with the more common surnames wins. A token that cannot be
    cut so, or that is one name already (``欧阳晓明``), comes back whole.
    """
    n = len(token)
    if n < 4 or not all(is_han(c) for c in token):
        return [token]
    best: list[tuple[int, int, list[str]] | None] = [None] * (n + 1)
    best[0] = (0, 0, [])
    for i in range(n):
        here = best[i]
        if here is None:
            continue
        for size in (2, 3, 4):
            part = token[i : i + size]
            if len(part) < size or not _is_name_part(part):
                continue
            cand = (here[0] + 1, here[1] + _surname_rank(part), [*here[2], part])
            there = best[i + size]
            if there is None or cand[:2] < there[:2]:
                best[i + size] = cand
    done = best[n]
    return done[2] if done is not None else [token]


_GLUED_ROLES = sorted(
    (r for r in (*ROLE_PREFIX, *ROLE_SUFFIX) if len(r) >= 2 and r != "文图"), key=len, reverse=True
)
_SEPARATOR = re.compile(r"(\s+|[/／、,，])")


def _split_glued(raw: str) -> list[str]:
    """Role words the recogniser ran into the names (``记者黄敏通讯员孙强`` -> ``记者 黄敏 通讯员 孙强``)."""
    out: list[str] = []
    buf = ""
    i = 0
    while i < len(raw):
        role = next((r for r in _GLUED_ROLES if raw.startswith(r, i)), None)
        if role is None:
            buf += raw[i]
            i += 1
            continue
        if buf:
            out.append(buf)
            buf = ""
        out.append(role)
        i += len(role)
    if buf:
        # "张三摄": a one-character role at the end of a name (not 文/图, which names end in).
        if buf.endswith("摄") and len(buf) >= 3:
            out.extend([buf[:-1], "摄"])
        else:
            out.append(buf)
    return out


def credit_tokens(text: str) -> list[str]:
    """The words of a Chinese credit, with the separators ``/``, ``、`` and ``，`` kept as tokens.

    Brackets around the text are dropped. Role words run into names are cut
    off (``记者黄敏`` -> ``记者``, ``黄敏``), ``X文/Y图`` is read as ``X 文/Y 图``,
    and names run together are parted (:func:`split_names`).
    """
    t = text.strip()
    if t[:1] in "（(" and t[-1:] in "）)":
        t = t[1:-1].strip()
    tokens: list[str] = []
    for piece in _SEPARATOR.split(t):
        if not piece or piece.isspace():
            continue
        if piece in "/／":
            tokens.append("/")
        elif piece in "、,，":
            tokens.append("、" if piece == "、" else "，")
        else:
            tokens.extend(_split_glued(piece))
    # "陈静文/罗欣图": the writer and the photographer, roles run into the names.
    for i in range(len(tokens) - 2, 0, -1):
        left, right = tokens[i - 1], tokens[i + 1]
        if tokens[i] != "/" or not (left.endswith("文") and len(left) >= 3 and left not in _ROLES):
            continue
        if right in PHOTO_ROLES:
            tokens[i - 1 : i] = [left[:-1], "文"]
        elif right[-1:] in ("图", "摄") and len(right) >= 3 and right not in _ROLES:
            tokens[i - 1 : i + 2] = [left[:-1], "文", "/", right[:-1], right[-1]]
    out: list[str] = []
    for tok in tokens:
        out.extend(split_names(tok) if tok not in _ROLES else [tok])
    return out


def parse_credit(text: str) -> list[tuple[str, str | None]] | None:
    """Parse a Chinese credit into ``(name, role)`` pairs, or ``None`` when it is not one.

    ``"记者 张三 通讯员 李四"`` -> ``[("张三", "记者"), ("李四", "通讯员")]``;
    ``"郭莎莎 文/何乐 图"`` -> ``[("郭莎莎", "文"), ("何乐", "图")]``;
    ``"刘畅"`` -> ``[("刘畅", None)]``. Brackets around the text are ignored,
    and so are the spaces the recogniser may have lost (``记者黄敏通讯员孙强``).
    A credit with no role word must consist of personal names (see the module docstring).
    """
    t = text.strip()
    if t[:1] in "（(" and t[-1:] in "）)":
        t = t[1:-1].strip()
    if not t or _NOT_CREDIT.search(t):
        return None
    tokens = [tok for tok in credit_tokens(t) if tok not in ("/", "、", "，")]
    pairs: list[tuple[str, str | None]] = []
    pending_prefix: str | None = None
    since = 0  # index of the first name a coming suffix role applies to
    has_role = False
    for tok in tokens:
        if tok in ROLE_PREFIX:
            pending_prefix, has_role = tok, True
        elif tok in ROLE_SUFFIX:
            has_role = True
            if len(pairs) == since:
                # "文/图 张三": role words before any name act as a prefix.
                lead = pending_prefix in ROLE_SUFFIX or (pending_prefix or "").count("/")
                pending_prefix = f"{pending_prefix}/{tok}" if lead else tok
                continue
            # "郭莎莎 文/何乐 图", "记者 张三 摄": the suffix names the job of
            # the names since the last suffix, over a staff title before them.
            pairs = pairs[:since] + [(n, tok) for n, _ in pairs[since:]]
            since = len(pairs)
            pending_prefix = None
        elif _NAME.match(tok):
            pairs.append((tok, pending_prefix))
        else:
            return None
    if not pairs:
        return None
    if not has_role and not all(_is_person_name(n) for n, _ in pairs):
        return None
    return pairs


def _bracketed_credit(text: str) -> bool:
    """``（…）`` / ``(…)`` around a valid credit."""
    t = text.strip()
    return len(t) >= 4 and t[0] in "（(" and t[-1] in "）)" and parse_credit(t) is not None


def _plain_credit(text: str) -> bool:
    """A credit without brackets: needs at least one role word (``白今明 报道``)."""
    t = text.strip()
    if not t or t[0] in "（(":
        return False
    pairs = parse_credit(t)
    return pairs is not None and (any(r is not None for _, r in pairs))


def match_end_byline(text: str) -> tuple[str, str] | None:
    """Split a credit off the end of ``text``: ``(body_without_byline, byline)`` or ``None``.

    ``"……绝不姑息。（郭莎莎 文/何乐 图）"`` -> ``("……绝不姑息。", "（郭莎莎 文/何乐 图）")``;
    ``"……的魅力。白今明 报道"`` -> ``("……的魅力。", "白今明 报道")``;
    ``"……He left. — Associated Press"`` -> ``("……He left.", "— Associated Press")``.
    The credit must follow sentence-final punctuation (spaces allowed) or be
    the whole text; ``"……河南（宝丰）"`` is not a byline.
    """
    # (An opening bracket at the very end opens nothing: a speck the
    # recogniser read after the credit, "……基础。马超 报道[".)
    t = text.rstrip().rstrip("([（【「『").rstrip()
    if not t:
        return None
    # Bracketed credit at the end.
    m = re.search(rf"({_BRACKET})$", t)
    if m and _bracketed_credit(m.group(1)):
        body = t[: m.start()].rstrip()
        if not body or body[-1] in _SENTENCE_END + _CLOSE_QUOTES:
            return body, m.group(1)
    # Plain credit after the last sentence end.
    cut = max(t.rfind(ch) for ch in _SENTENCE_END + _CLOSE_QUOTES)
    tail = t[cut + 1 :].strip()
    if tail and len(tail) <= 30 and _plain_credit(tail):
        return t[: cut + 1], tail
    m = _EN_END.search(t)
    if m:
        credit = t[m.start() :].strip()
        return t[: m.start()].rstrip(), credit
    return None


def match_start_byline(text: str) -> tuple[str, str] | None:
    """Split a credit off the start of ``text``: ``(byline, rest)`` or ``None``.

    ``"本报讯（记者 张三 通讯员 李四）2月7日……"`` -> ``("本报讯（记者 张三 通讯员 李四）", "2月7日……")``;
    ``"By JANE DOE The council…"`` -> ``("By JANE DOE", "The council…")``;
    ``"By Jane Doe"`` (a whole line) -> ``("By Jane Doe", "")``. A title-case
    name is only taken when it is the whole text, since nothing marks where
    the name ends.
    """
    m = _CN_START.match(text)
    if m:
        bracket = m.group(2)
        if bracket is None or parse_credit(bracket) is not None:
            return text[: m.end()].strip(), text[m.end() :].strip()
        return text[: m.start(2)].strip(), text[m.start(2) :].strip()
    if _BY_TITLE_LINE.match(text):
        return text.strip(), ""
    m = _BY_CAPS.match(text)
    if m:
        rest = text[m.end() :].strip()
        # The name ends where the capitals end; a rest that starts with a
        # capitalised word (the body) or nothing confirms it.
        if not rest or rest[0].isupper() or rest[0] in ",—–-":
            return text[: m.end()].strip(), rest
    return None


def opens_news_story(text: str) -> bool:
    """Whether ``text`` starts with the tag that opens a news story's body ("本报讯", "新华社讯")."""
    return _CN_START.match(text) is not None


def is_photo_credit(text: str) -> bool:
    """True for a photo credit line (``记者 张三 摄``, ``（何乐 图）``, ``Photo by Jane Doe``).

    A credit naming a writer as well (``郭莎莎 文/何乐 图``) is not only a
    photo credit, so it is not flagged.
    """
    t = text.strip()
    if _PHOTO_EN.match(t):
        return True
    pairs = parse_credit(t)
    if pairs is None or not (_bracketed_credit(t) or _plain_credit(t)):
        return False
    roles = {r for _, r in pairs}
    return bool(roles) and None not in roles and roles <= PHOTO_ROLES


def is_byline_line(text: str) -> bool:
    """True when the whole line is a credit.

    Chinese: ``（刘畅）``, ``（郭莎莎 文/何乐 图）``, ``白今明 报道``, ``记者 张三 摄``
    (also :func:`is_photo_credit`), ``本报记者 张三``. English: ``By JANE DOE``,
    ``By Jane Doe``, ``By JANE DOE and`` (the names go on on the next line),
    ``Associated Press``, ``Staff Writer``, ``Herald Correspondent``, ``For the
    Herald``, ``Jane Doe, Staff Writer``, ``— Reuters``, ``Photo by Jane Doe``.
    """
    t = text.strip()
    if not t or len(t) > 60:
        return False
    if _bracketed_credit(t) or _plain_credit(t):
        return True
    if _CREDIT_LINE.match(t) or _PHOTO_EN.match(t) or _BY_OPEN.match(t):
        return True
    m = match_start_byline(t)
    return m is not None and m[1] == "" and not _CN_START.match(t)


def byline_names(text: str) -> list[str]:
    """The personal names in a Chinese credit (``（郭莎莎 文/何乐 图）`` -> ``["郭莎莎", "何乐"]``); [] if none."""
    pairs = parse_credit(text)
    return [n for n, _ in pairs] if pairs else []


def match_leading_credit(text: str) -> tuple[str, str] | None:
    """A bracketed credit opening ``text`` (the bracket of ``本报讯`` set on the next line): ``(credit, rest)``."""
    m = _LEADING_BRACKET.match(text)
    if m is None or parse_credit(m.group(1)) is None:
        return None
    return m.group(1), text[m.end() :].strip()


def match_inner_start_byline(text: str, within: int = 40) -> tuple[str, str, str] | None:
    """A ``本报讯（…）`` credit that other text was run in front of: ``(before, byline, rest)``.

    ``本报讯`` only ever opens an article's body, so text before it in the
    first paragraph (a caption or deck the layout put there) is not the
    body's start. The tag must come within ``within`` characters and carry
    a valid bracketed credit.
    """
    m = _CN_TAG_INSIDE.search(text, 0, within + 50)
    if m is None or m.start() == 0 or m.start() > within or parse_credit(m.group(2)) is None:
        return None
    return text[: m.start()].strip(), text[m.start() : m.end()].strip(), text[m.end() :].strip()


# A syndicate's copyright line under a byline: "©", "(C)" or "Copyright", then a few words.
_SYNDICATE = re.compile(r"^(?:©|\([cC]\)|Copyright\b)[\s.,]*(?:\w[\w.&'-]*\s*){1,6}\.?$")


def continue_byline(byline: str, line: str) -> str | None:
    """The part of ``line`` that carries on an English byline broken over lines, or ``None``.

    ``"By JANE DOE and"`` + ``"BRIAN MCALLISTER"`` -> ``"BRIAN MCALLISTER"``;
    ``"By SARAH LINDGREN"`` + ``"and HENRY ABBOTT"`` -> ``"and HENRY ABBOTT"``
    (also ``"andHENRYABBOTT"``, run together by worn type); ``"By GRACE"`` +
    ``"NAKAMURA"`` (one word of a name is no name); ``"By EDWARD W. PICKARD"``
    + ``"© Western Newspaper Union."`` (the syndicate). A dateline (``"ASHFORD,
    June 20 —"``) or body text is no continuation.
    """
    b, t = byline.strip(), line.strip()
    if not b.startswith(("By", "BY ")) or not t:
        return None
    if _SYNDICATE.match(t):
        # "© Western Newspaper Union.": the syndicate that sent the story.
        return t
    if re.search(r"(?:,|\band|\bAND|&)$", b) and _NAMES_LINE.match(t):
        return t
    if _BY_ONE_WORD.match(b) and re.fullmatch(_EN_CAPS_NAME, t):
        # "By GRACE" / "NAKAMURA": a name broken at its space.
        return t
    m = _AND_NAME_LINE.match(t)
    if m and not re.search(r"(?:,|\band|\bAND|&)$", b):
        return f"and {m.group(1)}"
    return None


def _join_credit_tokens(tokens: list[str]) -> str:
    out = ""
    for tok in tokens:
        if out and tok not in ("/", "、", "，") and out[-1] not in "/、，":
            out += " "
        out += tok
    return out


def format_credit(text: str) -> str:
    """A credit written the way the page sets it, for output.

    Chinese credits get full-width brackets and one space between names and
    role words, which the recogniser drops (``(记者孙强)`` -> ``（记者 孙强）``,
    ``本报讯（记者黄敏通讯员孙强）`` -> ``本报讯（记者 黄敏 通讯员 孙强）``,
    ``（陈静文/罗欣图)`` -> ``（陈静 文/罗欣 图）``, ``白今明报道`` -> ``白今明 报道``).
    English credits get single spaces, also after a ``By`` run into the name
    (``ByMARGARET HOLLIS`` -> ``By MARGARET HOLLIS``). Text that does not
    parse as a credit is only tidied (brackets folded, spaces collapsed).
    """
    t = " ".join(fold_cjk_punctuation(text).split())
    if not any(is_han(c) for c in t):
        t = re.sub(r"^By(?=[A-Z]{2})", "By ", t)
        return re.sub(r"(?<=\s)and(?=[A-Z]{2})", "and ", t)
    tag = ""
    m = _CN_START.match(t)
    if m:
        tag, t = m.group(1), t[m.end(1) :].strip()
        if not t:
            return tag
    bracketed = t[:1] in "（(" and t[-1:] in "）)"
    if parse_credit(t) is None:
        return tag + t
    body = _join_credit_tokens(credit_tokens(t))
    credit = f"（{body}）" if bracketed else body
    return tag + credit if bracketed or not tag else f"{tag} {credit}"
