"""Generated gettext trees for the checker benchmarks: shapes the checker was not tuned on.

Every tree is deterministic (seeded), written as msgmerge lays catalogs out (long strings
wrapped on several lines), and mixes what real catalogs hold: Python and C format strings,
brace placeholders, markup, contexts, plurals of one to six forms, fuzzy entries with their
previous msgid, untranslated and obsolete entries, translator comments, and a few planted
placeholder errors (so that both tools have something to report). Translations are
pseudo-translations into the locale's own script, so the bytes are not all ASCII.

    python bench/po_trees.py OUT [TREE...]     # write the trees (default: all) under OUT

The shapes (``TREES``):

huge          one catalog of 100,000 messages
small-files   1,000 catalogs of 500 messages (50 locales x 20 domains), C catalogs as GNOME's
plurals       30 locales x 3,000 messages, 40 % plural, one to six forms
long          20 locales x 500 paragraphs of 300-4,000 characters
encodings     12 catalogs in legacy charsets (ISO-8859-1/2/7/8/9, KOI8-R, CP1251, EUC-JP,
              GB2312, BIG5, EUC-KR, TIS-620) x 5,000 messages
many-locales  300 locales x 2 domains x 300 messages
100mb         one catalog of about 100 MB (memory)
legacy-three  3 of the legacy-charset catalogs (EUC-JP, KOI8-R, TIS-620) x 5,000 messages:
              a small tree, where start-up, warming the workers and the report weigh most
legacy-one    one EUC-JP catalog of 30,000 messages (5.4 MB)
ten-small     10 locales x 1,000 messages (2.5 MB): a small project's tree
five-tiny     5 locales x 300 messages (0.4 MB): checked in one process, start-up is most
"""

from __future__ import annotations

import argparse
import random
import sys
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

WORDS = (
    "file folder window open close save print search replace select copy paste undo redo "
    "view show hide preview settings account password user name message mail send receive "
    "network server connection error warning cannot could not find read write delete move "
    "rename the a of to in for with on at by from new old default current selected all none "
    "dry needling muscle pain relief trigger point session therapy recovery patient tension "
    "headache shoulder neck joint mobility treatment minutes needle tissue healing release "
    "document page image color font size text line column row table cell sheet chart"
).split()

# Plural-Forms of the gettext manual and of CLDR: one to six forms.
PLURAL_FORMS = {
    1: "nplurals=1; plural=0;",
    2: "nplurals=2; plural=(n != 1);",
    3: "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && "
    "(n%100<10 || n%100>=20) ? 1 : 2);",
    4: "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    5: "nplurals=5; plural=(n==1 ? 0 : n==2 ? 1 : n<7 ? 2 : n<11 ? 3 : 4);",
    6: "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=11 ? 4 : 5);",
}


@dataclass(frozen=True)
class Language:
    """A locale code, its number of plural forms and the letters its translations use."""

    code: str
    forms: int
    letters: str
    ideographic: bool = False  # one character per word, no spaces


def _span(first: int, last: int) -> str:
    return "".join(chr(c) for c in range(first, last + 1))


LATIN = "abcdefghijklmnopqrstuvwxyz"
LANGUAGES = [
    Language("fr", 2, LATIN + "éèàçùâêîôû"),
    Language("de", 2, LATIN + "äöüß"),
    Language("es", 2, LATIN + "áéíóúñ"),
    Language("pl", 3, LATIN + "ąćęłńóśźż"),
    Language("cs", 3, LATIN + "áčďéěíňóřšťúůýž"),
    Language("ru", 3, _span(0x430, 0x44F)),
    Language("uk", 3, _span(0x430, 0x44F) + "іїєґ"),
    Language("el", 2, _span(0x3B1, 0x3C9)),
    Language("ar", 6, _span(0x627, 0x64A)),
    Language("he", 2, _span(0x5D0, 0x5EA)),
    Language("hi", 2, _span(0x915, 0x939) + "ािीुूेैोौ"),
    Language("ja", 1, _span(0x3042, 0x3093) + _span(0x30A2, 0x30F3), ideographic=True),
    Language("zh_CN", 1, "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年", True),
    Language("ko", 1, "가나다라마바사아자차카타파하고노도로모보소오조초코토포호", True),
    Language("ga", 5, LATIN + "áéíóú"),
    Language("sl", 4, LATIN + "čšž"),
    Language("tr", 2, LATIN + "çğıöşü"),
    Language("vi", 1, LATIN + "ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệ"),
    Language("th", 1, _span(0xE01, 0xE2E), ideographic=True),
    Language("ta", 2, _span(0xB95, 0xBB9) + "ாிீுூெேை"),
]
BY_CODE = {language.code: language for language in LANGUAGES}


def language_of(code: str) -> Language:
    """The language for a code; unknown codes get Latin letters and two forms."""
    return BY_CODE.get(code) or BY_CODE.get(code.split("_")[0]) or Language(code, 2, LATIN)


class Writer:
    """Builds one catalog's text as msgmerge lays it out."""

    def __init__(self, rng: random.Random, language: Language, c_catalog: bool) -> None:
        self.rng = rng
        self.language = language
        self.c_catalog = c_catalog
        self.table = {
            letter: language.letters[(i * 7) % len(language.letters)]
            for i, letter in enumerate(LATIN)
        }

    def sentence(self, low: int = 2, high: int = 14) -> str:
        words = [self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize()

    def paragraph(self, chars: int) -> str:
        out: list[str] = []
        size = 0
        while size < chars:
            out.append(self.sentence(5, 20) + ".")
            size += len(out[-1]) + 1
        return " ".join(out)

    def translate(self, text: str) -> str:
        """A pseudo-translation into the language's script; format directives kept."""
        out: list[str] = []
        for token in _tokens(text):
            if token[0] in "%{<[" or token.startswith("http"):
                out.append(token)
            elif self.language.ideographic:
                out.append(
                    "".join(
                        self.language.letters[zlib.crc32(w.encode()) % len(self.language.letters)]
                        for w in token.split(" ")
                        if w
                    )
                    if token.strip()
                    else token
                )
            else:
                out.append("".join(self.table.get(ch, ch) for ch in token.lower()))
        return "".join(out)


def _tokens(text: str) -> Iterator[str]:
    """Directives (%s, %(n)d, {name}, <b>, [x](url)) and runs of other text."""
    i, start = 0, 0
    while i < len(text):
        ch = text[i]
        end = -1
        if ch == "%" and i + 1 < len(text):
            j = i + 1
            if text[j] == "(":
                j = text.index(")", j) + 1
            while j < len(text) and (text[j].isdigit() or text[j] in "$lz.-"):
                j += 1
            end = j + 1
        elif ch == "{":
            end = text.index("}", i) + 1
        elif ch == "<":
            end = text.index(">", i) + 1
        elif ch == "[" and "](" in text[i:]:
            end = text.index(")", i) + 1
        if end > 0:
            if start < i:
                yield text[start:i]
            yield text[i:end]
            start = i = end
        else:
            i += 1
    if start < len(text):
        yield text[start:]


def quote_lines(keyword: str, text: str) -> list[str]:
    """``keyword "text"``, wrapped as msgmerge does: after each \\n, and at spaces by 79."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    pieces = escaped.split("\n")
    parts = [p + "\\n" for p in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])
    one = f'{keyword} "{escaped.replace(chr(10), chr(92) + "n")}"'
    if len(one) <= 79 and len(parts) <= 1:
        return [one]
    lines = [f'{keyword} ""']
    for part in parts:
        while len(part) > 76:
            cut = part.rfind(" ", 0, 76)
            cut = 76 if cut <= 0 else cut + 1
            if part[cut - 1] == "\\":  # never split an escape
                cut -= 1
            lines.append(f'"{part[:cut]}"')
            part = part[cut:]
        lines.append(f'"{part}"')
    return lines


def catalog(
    code: str,
    messages: int,
    seed: int,
    *,
    c_catalog: bool = False,
    plural_share: float = 0.04,
    long_text: tuple[int, int] | None = None,
    charset: str = "UTF-8",
) -> str:
    """One catalog's text (encode it with ``charset``)."""
    rng = random.Random(seed)
    language = language_of(code)
    w = Writer(rng, language, c_catalog)
    out = [
        f"# {code} translation of the benchmark project.\n"
        "# This file is distributed under the same license as the project.\n"
        '#\nmsgid ""\nmsgstr ""\n'
        '"Project-Id-Version: bench 1.0\\n"\n'
        '"Report-Msgid-Bugs-To: \\n"\n'
        '"POT-Creation-Date: 2026-01-01 00:00+0000\\n"\n'
        '"PO-Revision-Date: 2026-01-02 00:00+0000\\n"\n'
        f'"Language-Team: {code} <team@example.org>\\n"\n'
        f'"Language: {code}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        f'"Content-Type: text/plain; charset={charset}\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {PLURAL_FORMS[language.forms]}\\n"\n'
    ]
    for number in range(messages):
        out.append(_entry(w, number, plural_share, long_text))
    for number in range(max(1, messages // 50)):
        text = w.sentence() + f" (old {number})"
        out.append(
            "\n".join(
                "#~ " + line
                for line in quote_lines("msgid", text) + quote_lines("msgstr", w.translate(text))
            )
            + "\n"
        )
    return "\n".join(out)


def _entry(w: Writer, number: int, plural_share: float, long_text: tuple[int, int] | None) -> str:
    rng = w.rng
    lines: list[str] = []
    flags: list[str] = []
    if rng.random() < 0.3:
        lines.append("#. TRANSLATORS: " + w.sentence(3, 10).lower())
    if rng.random() < 0.02:
        lines.append("# " + w.sentence(2, 6))
    where = "../src/module%d.c" if w.c_catalog else "app/views/page%d.py"
    refs = " ".join(f"{where % rng.randint(1, 60)}:{rng.randint(1, 3000)}" for _ in range(3))
    lines.append("#: " + refs[: rng.choice((40, 76))].rsplit(" ", 1)[0])
    text = w.paragraph(rng.randint(*long_text)) if long_text else w.sentence()
    kind = rng.random()
    if w.c_catalog:
        if kind < 0.25:
            text += rng.choice((" %s", ": %d", " (%ld)", " %1$s of %2$s", " %zu", " 100%%"))
            flags.append("c-format")
    else:
        if kind < 0.15:
            text += " for %(name)s"
            flags.append("python-format")
        elif kind < 0.20:
            text += " in {count} steps"
            flags.append("python-brace-format")
        elif kind < 0.25:
            text = f"<b>{text}</b> see [the guide](https://example.org/g{number})"
        elif kind < 0.27:
            text += " (%s)"
            flags.append("python-format")
    text += f" {number}" if number % 3 == 0 else f" #{number:x}"  # unique
    if rng.random() < 0.05:
        text += "\n" + w.sentence()
    plural = rng.random() < plural_share
    directive = "%d" if w.c_catalog else "%(n)d"
    if plural and not flags:
        flags.append("c-format" if w.c_catalog else "python-format")
    state = rng.random()
    if state < 0.07:
        flags.insert(0, "fuzzy")
    if flags:
        lines.append("#, " + ", ".join(flags))
    if state < 0.07:
        lines += ["#| " + line for line in quote_lines("msgid", w.sentence())]
    if rng.random() < 0.05:
        lines += quote_lines("msgctxt", rng.choice(("menu", "button", "title", "tooltip")))
    translation = "" if 0.07 <= state < 0.17 else w.translate(text)
    if translation and rng.random() < 0.004:  # a planted error: a placeholder dropped
        translation = translation.replace("%(name)s", "").replace("%1$s", "%s")
        translation = translation.replace("{count}", "{cnt}")
    if plural:
        lines += quote_lines("msgid", f"{directive} {text}")
        lines += quote_lines("msgid_plural", f"{directive} {text}s")
        for form in range(w.language.forms):
            value = f"{directive} {translation}" if translation else ""
            lines += quote_lines(f"msgstr[{form}]", value)
    else:
        lines += quote_lines("msgid", text)
        lines += quote_lines("msgstr", translation)
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str, charset: str = "UTF-8") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(charset))


def _codes(count: int) -> list[str]:
    """``count`` distinct locale codes: the known languages, then made-up regional ones."""
    codes = [language.code for language in LANGUAGES]
    region = 0
    while len(codes) < count:
        base = LANGUAGES[region % len(LANGUAGES)].code.split("_")[0]
        codes.append(f"{base}_{chr(65 + region // 26 % 26)}{chr(65 + region % 26)}")
        region += 1
    return codes[:count]


def huge(root: Path) -> None:
    _write(root / "huge" / "fr.po", catalog("fr", 100_000, 1))


def small_files(root: Path) -> None:
    for i, code in enumerate(_codes(50)):
        for domain in range(20):
            path = root / code / "LC_MESSAGES" / f"app{domain}.po"
            _write(path, catalog(code, 500, i * 100 + domain, c_catalog=True))


def plurals(root: Path) -> None:
    for i, code in enumerate(_codes(30)):
        path = root / "po" / f"{code}.po"
        _write(path, catalog(code, 3_000, i, plural_share=0.4, c_catalog=i % 2 == 0))


def long(root: Path) -> None:
    for i, code in enumerate(_codes(20)):
        _write(root / "po" / f"{code}.po", catalog(code, 500, i, long_text=(300, 4_000)))


# (code, charset): legacy charsets msgfmt accepts, each with a language it can hold.
LEGACY = [
    ("fr", "ISO-8859-1"),
    ("pl", "ISO-8859-2"),
    ("el", "ISO-8859-7"),
    ("he", "ISO-8859-8"),
    ("tr", "ISO-8859-9"),
    ("ru", "KOI8-R"),
    ("uk_UA", "CP1251"),
    ("ja", "EUC-JP"),
    ("zh_CN", "GB2312"),
    ("zh_TW", "BIG5"),
    ("ko", "EUC-KR"),
    ("th", "TIS-620"),
]


def encodings(root: Path, chosen: tuple[str, ...] = (), messages: int = 5_000) -> None:
    for i, (code, charset) in enumerate(LEGACY):
        if chosen and code not in chosen:
            continue
        language = language_of(code)
        if code == "zh_TW":
            language = Language(
                code, 1, "的一是不了人我在有他這中大來上國個到說們為子和你地出道也時年", True
            )
        elif code == "uk_UA":
            language = Language(code, 3, _span(0x430, 0x44F) + "іїє")
        letters = "".join(ch for ch in language.letters if _encodes(ch, charset))
        BY_CODE[code] = Language(code, language.forms, letters, language.ideographic)
        _write(root / "po" / f"{code}.po", catalog(code, messages, i, charset=charset), charset)


def _encodes(ch: str, charset: str) -> bool:
    try:
        ch.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def many_locales(root: Path) -> None:
    for i, code in enumerate(_codes(300)):
        for domain in ("app", "help"):
            path = root / "locale" / code / "LC_MESSAGES" / f"{domain}.po"
            _write(path, catalog(code, 300, i * 2 + (domain == "help")))


def few(root: Path, locales: int, messages: int) -> None:
    for i, code in enumerate(_codes(locales)):
        _write(root / "po" / f"{code}.po", catalog(code, messages, i))


def hundred_mb(root: Path) -> None:
    _write(root / "big" / "ru.po", catalog("ru", 370_000, 7, plural_share=0.05))


TREES: dict[str, Callable[[Path], None]] = {
    "huge": huge,
    "small-files": small_files,
    "plurals": plurals,
    "long": long,
    "encodings": encodings,
    "many-locales": many_locales,
    "100mb": hundred_mb,
    "legacy-three": lambda root: encodings(root, ("ja", "ru", "th")),
    "legacy-one": lambda root: encodings(root, ("ja",), 30_000),
    "ten-small": lambda root: few(root, 10, 1_000),
    "five-tiny": lambda root: few(root, 5, 300),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    every = ", ".join(TREES)
    parser.add_argument("trees", nargs="*", metavar="TREE", help=f"default: all ({every})")
    args = parser.parse_args()
    unknown = sorted(set(args.trees) - TREES.keys())
    if unknown:
        parser.error(f"unknown tree {', '.join(unknown)} (choose from {every})")
    for name in args.trees or TREES:
        target = args.out / name
        if target.exists():
            print(f"{target}: exists, kept", file=sys.stderr)
            continue
        TREES[name](target)
        size = sum(p.stat().st_size for p in target.rglob("*.po")) / 1e6
        print(f"{target}: {sum(1 for _ in target.rglob('*.po'))} files, {size:.1f} MB")


if __name__ == "__main__":
    main()
