"""The locale registry: codes, CLDR facts, and located errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.locales import (
    RegistryError,
    catalog_code,
    load_registry,
    normalize_code,
    register_locale,
)

from .conftest import REPO


@pytest.mark.parametrize(
    ("text", "code"),
    [("pt-BR", "pt_BR"), ("pt_BR", "pt_BR"), ("zh-Hans", "zh_Hans"), ("fr", "fr"), ("AR", "ar")],
)
def test_normalize_code(text: str, code: str) -> None:
    assert normalize_code(text) == code


@pytest.mark.parametrize("text", ["", "x", "../etc", "fr FR", "es\x00", "a" * 300, "qq-ZZ"])
def test_normalize_code_rejects(text: str) -> None:
    with pytest.raises(ValueError, match="not a"):
        normalize_code(text)


@pytest.mark.parametrize(
    ("tag", "code", "note"),
    [
        ("pt-BR", "pt_BR", None),
        ("zh-hans", "zh_Hans", None),  # letter case means nothing in a tag
        ("FIL", "fil", None),
        ("sr-Latn-RS", "sr_Latn_RS", None),
        ("iw", "he", "iw is a deprecated code; using he"),
        ("in", "id", "in is a deprecated code; using id"),
        ("ji", "yi", "ji is a deprecated code; using yi"),
        ("tl", "fil", "tl is a deprecated code; using fil"),
        ("iw-IL", "he_IL", "iw is a deprecated code; using he_IL"),
        ("sh", "sr_Latn", "sh is a deprecated code; using sr_Latn"),
        ("fra", "fr", "fra is a deprecated code; using fr"),
        ("zh-CN", "zh_Hans_CN", "CLDR writes zh-CN as zh_Hans_CN; using zh_Hans_CN"),
    ],
)
def test_catalog_code(tag: str, code: str, note: str | None) -> None:
    assert catalog_code(tag) == (code, note)


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("und", "'und' (undetermined language) is not a language: name the one"),
        ("UND-fr", "'UND-fr' (undetermined language) is not a language"),
        ("zxx", "'zxx' (no linguistic content) is not a language"),
        ("mul", "'mul' (multiple languages) is not a language: make one catalog per language"),
        ("mis", "'mis' (a language without a code) is not a language"),
        ("qaa", "'qaa' (private use) is not a language known to CLDR"),
        ("qtz-FR", "'qtz-FR' (private use) is not a language known to CLDR"),
        ("x-klingon", "'x-klingon' (private use) is not a language known to CLDR"),
        ("root", "'root' (CLDR's root locale) is not a language"),
        ("", "'' is not a language code such as 'fr', 'pt-BR' or 'zh-Hans'"),
        ("i-klingon", "'i-klingon' is not a language code"),
        ("fr\nFR", "'fr\\nFR' is not a language code"),
        ("xx", "'xx' is not a locale known to CLDR"),
        ("tlh", "'tlh' is not a locale known to CLDR"),
        ("en-XA", "'en-XA' is not a locale known to CLDR"),  # the pseudo-locale is generated
    ],
)
def test_catalog_code_refuses_what_is_not_a_language(tag: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)) as info:
        catalog_code(tag)
    assert "\n" not in str(info.value)


def test_normalize_code_maps_deprecated_codes_and_refuses_und() -> None:
    assert normalize_code("iw") == "he"
    with pytest.raises(ValueError, match="undetermined"):
        normalize_code("und")


def test_cldr_facts_come_from_babel(tmp_path: Path) -> None:
    path = tmp_path / "locales.toml"
    path.write_text(
        'source = "en"\n[locales.ar]\nstatus = "published"\n[locales.zh_Hans]\nstatus = "draft"\n'
    )
    registry = load_registry(path)
    ar, zh = registry.locales
    assert (ar.tag, ar.endonym, ar.direction, ar.published) == ("ar", "العربية", "rtl", True)
    assert (zh.tag, zh.endonym, zh.direction, zh.published) == (
        "zh-Hans",
        "中文 (简体)",
        "ltr",
        False,
    )
    assert registry.get("zh-Hans") is zh
    assert [loc.code for loc in registry.published()] == ["en", "ar"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('[locales.es]\nstatus = "live"\n', 1, "status must be one of"),
        ('\n[locales.es]\ncolour = "red"\n', 2, "only these keys"),
        ('[locales.pt-BR]\nstatus = "draft"\n', 1, "write the locale as [locales.pt_BR]"),
        ('[locales.xx]\nstatus = "draft"\n', 1, "not a locale known to CLDR"),
        ('[locales.iw]\nstatus = "draft"\n', 1, "write the locale as [locales.he], not 'iw'"),
        ('[locales.und]\nstatus = "draft"\n', 1, "'und' (undetermined language) is not a"),
        ("[locales.es\n", 1, "not valid TOML"),
        ('[locales.es]\nstatus = "published"\nmin_percent = 101\n', 1, "min_percent must be"),
        ('[locales.es]\nstatus = "published"\nmin_percent = "90"\n', 1, "min_percent must be"),
    ],
)
def test_registry_errors_are_located(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "locales.toml"
    path.write_text(text)
    with pytest.raises(RegistryError, match=re.escape(message)) as info:
        load_registry(path, "locales/locales.toml")
    assert str(info.value).startswith(f"locales/locales.toml:{line}: ")


def test_register_keeps_comments(tmp_path: Path) -> None:
    path = tmp_path / "locales.toml"
    path.write_text('# keep me\nsource = "en"')
    register_locale(path, "uk")
    assert path.read_text() == '# keep me\nsource = "en"\n\n[locales.uk]\nstatus = "draft"\n'
    assert [loc.code for loc in load_registry(path).locales] == ["uk"]


def test_project_registry_lists_the_fifteen_languages() -> None:
    registry = load_registry(REPO / "locales" / "locales.toml")
    codes = {loc.code for loc in registry.locales}
    assert codes == {
        "es",
        "fr",
        "de",
        "it",
        "pt_BR",
        "pl",
        "ru",
        "uk",
        "ar",
        "fa",
        "zh_Hans",
        "ja",
        "ko",
        "vi",
        "hi",
    }
    for locale in registry.locales:
        assert (REPO / "locales" / locale.code / "LC_MESSAGES" / "messages.po").is_file()
