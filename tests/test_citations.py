"""Citations name the original document, never a copy of Wikipedia."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from routes.model import Project

# Sites that copy, translate or proxy Wikipedia articles: cite the article itself
# (a copy may be named only as "read via" in the publisher).
MIRRORS = {
    "a.osmarks.net",
    "alchetron.com",
    "artikeldigital.com",
    "askwikinow.com",
    "cryer.org.uk",
    "cs.frwiki.wiki",
    "de.knowledgr.com",
    "de.m.wiki.x.io",
    "de.qaz.wiki",
    "de.wiki.li",
    "de.wikial.top",
    "de.xcv.wiki",
    "de.zxc.wiki",
    "debianws.lexgopc.com",
    "defzone.net",
    "depl.abcdef.wiki",
    "desv.abcdef.wiki",
    "en-m-wikipedia-org.zproxy.org",
    "en.encyclopedia.kz",
    "en.m.wiki.x.io",
    "en.wikipedia-on-ipfs.org",
    "es.frwiki.wiki",
    "es.knowledger.de",
    "es.stringtranslate.com",
    "ewikiuk.top",
    "fa.m.wiki.x.io",
    "fr.wiki7.org",
    "friendlywiki.com",
    "iiab.me",
    "image.absoluteastronomy.com",
    "it.abcdef.wiki",
    "it.knowledgr.com",
    "it.qaz.wiki",
    "it.qwertyu.wiki",
    "it.wiki7.org",
    "jmedia.wiki",
    "keocopa1.com",
    "kiwix.casplantje.nl",
    "knowledgr.com",
    "kulturenvanteri.com",
    "library.kiwix.org",
    "liquisearch.com",
    "marefa.org",
    "memim.com",
    "n.global.ssl.fastly.net",
    "perceptiocs.com",
    "perceptioda.com",
    "perceptiode.com",
    "perceptioes.com",
    "perceptiofi.com",
    "perceptiofr.com",
    "perceptionl.com",
    "perceptiopt.com",
    "perceptioro.com",
    "perceptiosv.com",
    "piglix.com",
    "pinocchiopedia.com",
    "profilbaru.com",
    "railroad.wikisort.org",
    "review.clateway.com",
    "ru.wikipedia-on-ipfs.org",
    "sagapedia.com",
    "search.com.vn",
    "sv.wiki7.org",
    "the-uncensored-wiki.com",
    "theinfolist.com",
    "thereaderwiki.com",
    "tr.everypage.site",
    "uk.wikipedia-on-ipfs.org",
    "w.owiki.org",
    "wiki-gateway.eudic.net",
    "wiki-org.ru",
    "wiki.av1.space",
    "wiki.outremer.quest",
    "wiki2.org",
    "wikiclassic.com",
    "wikide.org",
    "wikimili.com",
    "wikipedia.jakami.de",
    "world.wikisort.org",
    "xn--h1ajim.xn--p1ai",
}
# Whole families of such copies.
MIRROR_PATTERNS = (
    r"perceptio[a-z]{2}\.com",
    r"(^|\.)wiki7\.org",
    r"(^|\.)qaz\.wiki",
    r"(^|\.)abcdef\.wiki",
    r"(^|\.)frwiki\.wiki",
    r"(^|\.)wikipedia-on-ipfs\.org",
    r"(^|\.)wiki\.x\.io",
    r"(^|\.)wikisort\.org",
    r"(^|\.)(xcv|zxc)\.wiki",
)


def _mirror(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host in MIRRORS or any(re.search(pattern, host) for pattern in MIRROR_PATTERNS)


def test_no_source_is_a_wikipedia_mirror(project: Project) -> None:
    mirrors = [
        f"{source.id}: {source.url}"
        for source in project.dataset.sources.values()
        if _mirror(source.url)
    ]
    assert not mirrors, "cite the original article:\n" + "\n".join(mirrors)


def test_the_check_knows_the_mirror_families() -> None:
    assert _mirror("https://perceptiode.com/wiki/Aktau")
    assert _mirror("https://sv.wiki7.org/wiki/x")
    assert not _mirror("https://en.wikipedia.org/wiki/Aktau")
    assert not _mirror("https://ru.wikipedia.org/wiki/%D0%90%D0%BA%D1%82%D0%B0%D1%83")


def test_a_copy_read_is_named_as_read_via(project: Project) -> None:
    for source in project.dataset.sources.values():
        if "read via" in source.publisher:
            assert ".wikipedia.org/wiki/" in source.url, source
