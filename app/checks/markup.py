"""Markup: inline HTML or Pango tags and Markdown emphasis and links.

A string is markup only when its English is: well-formed tags (a closed pair, a tag with
attributes, ``<br>``) or XML escapes such as ``&amp;``. Angle-bracket words that are not
well-formed markup (``<from>``, ``<file>``, ``<time>`` never closed) are the usage text of
a command-line program, printed as they are; their translations (``<de>``, ``<a>``,
``<tempo>``) are not judged as tags. In an English with real markup, such a word is a
metavariable, and the translation may have as many unclosed words of its own.

``markup`` (error): the translation's markup is malformed where the English's is well
formed, so that its output breaks: a tag never closed (in HTML it runs on over what
follows; Pango rejects the string), an attribute with an unclosed quote, and, where the
English is Pango markup in a catalog of C code, a closing tag out of place, a tag name
in capitals or a bare ``&`` where the English writes ``&amp;`` (Pango rejects them;
browsers do not). An element that an enclosing element's end tag ends within the string
(``<p><span>x</p>``) stops there in HTML: only a formatting element (``<b>``) carries on.

``markup-changed`` (warning): tags or Markdown marks dropped or added where nothing
breaks: ``<b>`` added for emphasis, a link left out, an end tag HTML lets one omit
(``</li>``, ``</p>``). A reviewer should look.

Only HTML and Pango element names count as tags. Markdown ``_emphasis_`` is not
checked: underscores in names and paths make it unreliable.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import cast

from ..lazy_regex import lazy_compile
from ..po import Entry
from .context import CatalogContext
from .model import NO_PROBLEMS, Problem, Severity, entry_check

_TAG_RE = lazy_compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(\s[^<>]*?)?\s*(/?)>")
_HTML = frozenset(
    "a abbr b bdi bdo big br button caption cite code col colgroup data dd del dfn div dl dt "
    "em h1 h2 h3 h4 h5 h6 hr i img input ins kbd label li mark markup ol optgroup option p "
    "pre q rp rt s samp small span strong sub sup table tbody td tfoot th thead time tr tt u "
    "ul var wbr".split()  # HTML's inline and block tags, and Pango's
)
_PANGO = frozenset("markup b big i s sub sup small tt u span a".split())  # a: GtkLabel links
_VOID = frozenset("br col hr img input wbr".split())
# Markup even without attributes; <input> alone is a word.
_BARE_VOID = frozenset("br hr wbr".split())
# HTML ends these implicitly (at the next sibling or the parent's end): omitting it breaks nothing.
_OPTIONAL_END = frozenset(
    "caption colgroup dd dt li optgroup option p rp rt tbody td tfoot th thead tr".split()
)
# A browser carries these on past the end of their block (HTML's "active formatting elements").
_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
# name, name=value, name="value", name='value', separated by spaces.
_ATTRIBUTES_RE = lazy_compile(
    r"""(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*"""
)
_HTML_ENTITY_RE = lazy_compile(r"&(?!(?:amp|lt|gt|quot|apos);)[A-Za-z][A-Za-z0-9]*;")
# A value that opens with a quote never closed: =" or =' and no such quote after it.
_UNCLOSED_QUOTE_RE = lazy_compile(r"""=\s*(?:"[^"]*$|'[^']*$)""")
_ENTITY_RE = lazy_compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_XML_ESCAPES = lazy_compile(r"&(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);")
_LINK_RE = lazy_compile(r"\[[^\[\]\n]*\]\([^()\s]*\)")
_STRONG_RE = lazy_compile(r"\*\*(?=\S)(?:[^*]|\*(?!\*))+?(?<=\S)\*\*")
_EMPHASIS_RE = lazy_compile(r"(?<![\w*])\*(?=[^\s*])[^*\n]*?(?<=[^\s*])\*(?![\w*])")


# How many times each tag occurs. Plain dicts, not Counter: Counter's methods are Python
# code, which the compiled checks would call for every string with markup.
Tags = dict[str, int]


class Markup:
    """The markup of one string, read on its own.

    A plain class, compiled with the checks (setup.py): one is made for each string with
    markup and, as a named tuple, was made by Python code (``__new__``).
    """

    def __init__(
        self,
        *,
        tags: Tags,
        unclosed: tuple[tuple[str, bool], ...],
        implicit: tuple[tuple[str, bool], ...],
        unknown_words: int,
        fault: str | None,
        fault_hard: bool,
        paired: bool,
        links: int,
        strong: int,
        emphasis: int,
        escaped: bool,
        mentions_tags: bool,
        cut: tuple[str, ...],
        upper: str | None,
    ) -> None:
        self.tags = tags  # "<b>", "</b>", "<br/>": every HTML or Pango tag
        self.unclosed = unclosed  # never closed: name, has attributes
        self.implicit = implicit  # never closed, but HTML ends it (<li>, <p>)
        self.unknown_words = unknown_words  # <from>, <file> never closed: no HTML name
        self.fault = fault  # a quote not closed, or a closing tag that closes nothing
        self.fault_hard = fault_hard  # it breaks HTML too (an attribute's quote), not just Pango
        self.paired = paired  # a closed pair, attributes, <br/> or an XML escape: surely markup
        self.links = links
        self.strong = strong
        self.emphasis = emphasis
        self.escaped = escaped  # the text escapes & as XML does (&amp;)
        # An element with nothing in it and no attributes ("<b></b> makes text bold"): the
        # text talks about tags; as markup it would show nothing.
        self.mentions_tags = mentions_tags
        # Of ``unclosed``: those an end tag of an element around them ended within the
        # string (<p><span>x</p>): HTML ends them there, and only a formatting one carries on.
        self.cut = cut
        self.upper = upper  # the first tag written in capitals (<B>): HTML's, not Pango's


def _counted(items: Iterable[str]) -> Tags:
    counts: Tags = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _minus(counts: Tags, other: Tags) -> Tags:
    """What ``counts`` has more of than ``other`` (a Counter's subtraction)."""
    return {item: n - other.get(item, 0) for item, n in counts.items() if n > other.get(item, 0)}


def _elements(counts: Tags) -> list[str]:
    """Each item as many times as it is counted, sorted."""
    return sorted(item for item, n in counts.items() for _ in range(n))


def read_markup(text: str) -> Markup:
    """Collect the tags (matching them as HTML does) and Markdown marks of ``text``."""
    tags: Tags = {}
    unknown: dict[str, int] = {}
    stack: list[tuple[str, bool]] = []  # open elements: name, has attributes
    ends: list[int] = []  # where each open element's start tag ends
    opened: dict[str, int] = {}  # the names in ``stack``
    mentions = False
    unclosed: list[tuple[str, bool]] = []
    implicit: list[tuple[str, bool]] = []
    fault: str | None = None
    fault_hard = paired = False
    cut: list[str] = []
    upper: str | None = None
    if "<" in text:
        for match in _TAG_RE.finditer(text):
            closing, written, attributes, selfclosing = match.groups()
            name = written.lower()
            if name not in _HTML:  # an angle-bracket word: <from> opens, </from> closes
                unknown[name] = unknown.get(name, 0) + (-1 if closing else 1)
                continue
            if upper is None and written != name:
                upper = match.group(0)
            if attributes and fault is None and not _ATTRIBUTES_RE.fullmatch(attributes):
                if _UNCLOSED_QUOTE_RE.search(attributes):  # HTML reads on to the next quote
                    fault = f"the attributes of {match.group(0)} have a quote not closed"
                    fault_hard = True
                else:  # href=‘x' : HTML takes it as an unquoted value, XML and Pango do not
                    fault = f"an attribute of {match.group(0)} is not quoted as XML requires"
            if name in _VOID or selfclosing:
                if attributes or selfclosing or name in _BARE_VOID:
                    tag = f"<{name}/>"
                    tags[tag] = tags.get(tag, 0) + 1
                    paired = True
                else:  # <input> or <img> alone: a word, unless the English pairs it
                    tag = f"<{name}>"
                    tags[tag] = tags.get(tag, 0) + 1
                    unclosed.append((name, False))
                continue
            tag = f"<{closing}{name}>"
            tags[tag] = tags.get(tag, 0) + 1
            if not closing:
                stack.append((name, bool(attributes)))
                ends.append(match.end())
                opened[name] = opened.get(name, 0) + 1
                paired = paired or bool(attributes)
                continue
            if not opened.get(name):  # counted, not searched: 100,000 nested tags stay linear
                fault = fault or f"</{name}> closes nothing"
                continue
            at = len(stack) - 1
            while stack[at][0] != name:
                at -= 1
            if at == len(stack) - 1 and ends[at] == match.start() and not stack[at][1]:
                mentions = True
            for element in stack[at + 1 :]:  # <b><i>x</b>: </b> ends <i> too, unclosed
                if element[0] in _OPTIONAL_END:
                    implicit.append(element)
                else:
                    unclosed.append(element)
                    cut.append(element[0])
            for element in stack[at:]:
                opened[element[0]] -= 1  # in ``opened``: it is in the stack
            del stack[at:]
            del ends[at:]
            paired = True
    for element in stack:
        (implicit if element[0] in _OPTIONAL_END else unclosed).append(element)
    links = strong = emphasis = 0
    if "[" in text:
        links = len(_LINK_RE.findall(text))
    if "*" in text:
        strong = len(_STRONG_RE.findall(text))
        emphasis = len(_EMPHASIS_RE.findall(_STRONG_RE.sub(" ", text)))
    escaped = "&" in text and _XML_ESCAPES.search(text) is not None
    return Markup(
        tags=tags,
        unclosed=tuple(unclosed),
        implicit=tuple(implicit),
        unknown_words=sum(count for count in unknown.values() if count > 0),
        fault=fault,
        fault_hard=fault_hard,
        paired=paired or escaped,
        links=links,
        strong=strong,
        emphasis=emphasis,
        escaped=escaped,
        mentions_tags=mentions,
        cut=tuple(cut),
        upper=upper,
    )


class Verdict:
    """What the translation's markup does, against the English's (a plain class, as
    ``Markup``)."""

    def __init__(self, error: str | None = None, warnings: tuple[str, ...] = ()) -> None:
        self.error = error  # the output breaks
        self.warnings = warnings  # changed, nothing breaks


def judge(
    source: Markup, target: Markup, texts: tuple[str, str], *, pango: bool, markdown: bool
) -> Verdict:
    """Compare the markup of a translation (``texts``: English, translation) with its English's.

    ``pango``: a catalog of C code, where GTK reads markup with Pango: a closing tag out
    of place or a bare ``&`` then rejects the whole string (browsers ignore both).
    ``markdown``: compare Markdown marks (else only where the English has a link).
    """
    tags = _judge_tags(source, target, texts, pango)
    if tags.error:
        return tags
    return Verdict(None, (*tags.warnings, *_markdown_differences(source, target, markdown)))


def _english_words(source: Markup) -> list[str] | None:
    """The English's angle-bracket words (``<time>``), or None when its tags are malformed."""
    if source.fault:
        return None
    open_ended = [*source.unclosed, *([] if source.paired else source.implicit)]
    if any(attributes for _, attributes in open_ended):
        return None  # <a href="x"> never closed: broken, not a word
    if any(f"</{name}>" in source.tags for name, _ in open_ended):
        return None  # <i> left open where the English closes another <i>: a slip, not a word
    return [name for name, _ in open_ended]


def _judge_tags(source: Markup, target: Markup, texts: tuple[str, str], pango: bool) -> Verdict:
    words_in_english = _english_words(source)
    if words_in_english is None:
        return Verdict()  # the English's own tags are malformed: nothing sure to compare with
    if source.mentions_tags:
        return Verdict()  # "<b></b> tags make the text bold": about tags, shown as text
    words = len(words_in_english) + source.unknown_words
    if words and not source.paired:
        return Verdict()  # usage text: a terminal prints <from> and <time> as they are
    english_tags = _minus(source.tags, _counted(f"<{name}>" for name in words_in_english))
    english_names = {tag.strip("</>") for tag in english_tags}
    plain = not english_tags and not source.escaped  # no sign that the string is markup
    # A Pango label could show it: Pango's tags only, and no entity XML lacks (&nbsp;).
    pango_markup = not plain and english_names <= _PANGO and not _HTML_ENTITY_RE.search(texts[0])
    strict = pango_markup and pango  # Pango reads it: every element must close itself
    translated_words: Tags = {}
    never_closed: list[str] = []
    ended_around: list[str] = []  # ended by an enclosing element's end tag: HTML stops there
    cut = _counted(target.cut)
    for name, attributes in (*target.unclosed, *target.implicit):
        if not attributes and words and name not in english_names:  # <to> became <a>
            word = f"<{name}>"
            translated_words[word] = translated_words.get(word, 0) + 1
            words -= 1
        elif cut.get(name) and not strict and name not in _FORMATTING:
            cut[name] -= 1
            ended_around.append(name)
        elif name not in _OPTIONAL_END:
            never_closed.append(name)
    target_tags = _minus(target.tags, translated_words)
    stray = target.fault if not target.fault_hard else None
    if stray is None and target.upper and not source.upper:
        stray = f"{target.upper}: Pango knows tag names in lower case only"
    if (
        stray is None
        and source.escaped
        and (english_tags or target_tags)
        and _bare_ampersand(texts[1])
        and not _bare_ampersand(texts[0])
    ):
        stray = "a bare & where the English writes &amp;"

    if not plain and target.fault_hard:
        return _broken(
            target.fault or "", "the text up to the next quote joins the tag", pango_markup, pango
        )
    if not plain and never_closed:
        name = never_closed[0]
        runs = "the rest of the page" if name in _FORMATTING else "what follows the string"
        return _broken(
            f"<{name}> is never closed", f"<{name}> runs on over {runs}", pango_markup, pango
        )
    if stray and pango_markup and pango:
        return Verdict(
            f"malformed markup: {stray} (the English's markup is well formed): "
            "Pango rejects the whole string (GTK then shows none of it)"
        )
    notes = [f"<{name}> is ended by the end tag of an element around it" for name in ended_around]
    if plain:
        notes += [f"<{name}> is never closed" for name in never_closed]
        notes += [target.fault] if target.fault else []
    elif stray and (pango_markup or english_tags != target_tags):
        pango_too = ", but Pango would reject the string" if pango_markup else ""
        notes.append(f"{stray}: browsers accept it{pango_too}")
    ended = [name for name, _ in target.implicit if f"<{name}>" not in translated_words]
    if ended and english_tags != target_tags:
        notes.append("HTML ends " + " ".join(f"<{name}>" for name in ended) + " by itself")
    note = f" ({'; '.join(notes)})" if notes else ""
    if english_tags == target_tags:
        return Verdict(None, ("; ".join(notes),) if notes else ())
    dropped = _minus(english_tags, target_tags)
    added = _minus(target_tags, english_tags)
    parts = []
    if dropped:
        parts.append("dropped " + " ".join(_elements(dropped)))
    if added:
        parts.append("added " + " ".join(_elements(added)))
    return Verdict(None, ("tags differ from the English: " + "; ".join(parts) + note,))


def _broken(fault: str, in_html: str, pango_markup: bool, pango: bool) -> Verdict:
    """An error saying who breaks: Pango first in a C catalog, HTML first elsewhere."""
    if pango_markup and pango:
        why = f"Pango rejects the whole string (GTK then shows none of it); in HTML, {in_html}"
    elif pango_markup:
        why = f"in HTML, {in_html} (and Pango, if it reads the string, rejects all of it)"
    else:
        why = f"in HTML, {in_html}"
    return Verdict(f"malformed markup: {fault} (the English's markup is well formed): {why}")


def _bare_ampersand(text: str) -> bool:
    """Whether ``text`` has an ``&`` that starts no entity (Pango rejects it)."""
    return "&" in text and text.count("&") != len(_ENTITY_RE.findall(text))


def _markdown_differences(source: Markup, target: Markup, markdown: bool) -> Iterator[str]:
    if not (markdown or source.links):
        return
    if source.links != target.links:
        yield f"{target.links} Markdown link(s) [text](url) where the English has {source.links}"
    if not markdown:
        return
    if source.strong != target.strong:
        yield f"{target.strong} **bold** span(s) where the English has {source.strong}"
    if source.emphasis != target.emphasis:
        yield f"{target.emphasis} *emphasis* span(s) where the English has {source.emphasis}"


def _marked(text: str) -> bool:
    return "<" in text or "*" in text or "[" in text


def _verdicts(ctx: CatalogContext, entry: Entry) -> Sequence[tuple[int, Verdict]]:
    """(index, verdict) of each translation whose markup may differ from the English's."""
    source_text = entry.msgid_plural or entry.msgid
    marked = _marked(source_text)
    if not marked and entry.msgid_plural is None and not _marked(entry.msgstr):
        return ()  # the common case: no markup on either side
    memo = ctx.extra.get("markup")  # both checks ask about the same entry in turn
    if isinstance(memo, tuple) and memo[0] is entry:
        return cast("list[tuple[int, Verdict]]", memo[1])
    verdicts: list[tuple[int, Verdict]] = []
    ctx.extra["markup"] = (entry, verdicts)
    source: Markup | None = None
    # Markdown (and reST) emphasis counts in catalogs of Python code; in C, "*" is a
    # wildcard or a pointer, and only a [link](url) is surely Markdown.
    for index, text in enumerate(entry.strings):
        if text and (marked or _marked(text)):
            source = source or read_markup(source_text)
            verdict = judge(
                source,
                read_markup(text),
                (source_text, text),
                pango=not ctx.guess_python,
                markdown=ctx.guess_python,
            )
            if verdict.error or verdict.warnings:
                verdicts.append((index, verdict))
    return verdicts


@entry_check(
    Severity.ERROR,
    "The translation's markup is malformed where the English's is not: HTML or Pango breaks",
)
def markup(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    return _problems(ctx, entry, errors=True)


@entry_check(Severity.WARNING, "HTML tags or Markdown emphasis and links are dropped or added")
def markup_changed(ctx: CatalogContext, entry: Entry) -> Iterable[Problem]:
    return _problems(ctx, entry, errors=False)


def _problems(ctx: CatalogContext, entry: Entry, errors: bool) -> Iterable[Problem]:
    """The verdicts' errors, or their warnings, each at its translation's line."""
    verdicts = _verdicts(ctx, entry)
    if not verdicts:
        return NO_PROBLEMS  # the common case
    problems = []
    for index, verdict in verdicts:
        where = f"msgstr[{index}]: " if entry.plural else ""
        said = ((verdict.error,) if verdict.error else ()) if errors else verdict.warnings
        problems += [Problem(where + message, entry.string_line(index)) for message in said]
    return problems
