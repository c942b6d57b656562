"""The outlets table: one row per host, its one name and zone and where each came from.

Given rows -> the exact outlets rows (and articles renamed); the override file beats the
profiles; a synthetic load gives one name per host; a zone learned from a host's later pages
fixes its earlier pages on reparse.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from pipelines.normalize.outlets import OutletProfile, Outlets
from pipelines.runner import run_load
from pipelines.settings import Settings
from pipelines.steps.outlets import (
    OutletKnowledge,
    OutletsFileError,
    learn_zone,
    override_paths,
    read_overrides,
)
from pipelines.steps.publish import PUBLISH_ORDER
from pipelines.synth import generate
from pipelines.warehouse import Warehouse, Writer
from pipelines.warehouse.files import work_path
from tests.test_publish_relations import LOAD, T1, T2, T3, Given, version

H = timedelta(hours=1)


def _article(page: str, url: str | None, outlet: str) -> dict:
    return {
        "article_id": f"a-{page}",
        "page_id": page,
        "url": url,
        "outlet": outlet,
        "title": "t",
        "body": "b",
        "word_count": 100,
        "version": 1,
        "versions": 1,
        "load_id": "L1",
    }


def test_outlets_relation_names_each_host_once(tmp_path: Path) -> None:
    given = Given(tmp_path)
    pages = [  # (page, url, outlet the page gave, fetched)
        ("p1", "https://a.example.com/1", "A page name", T1),
        ("p2", "https://www.profiled.org/2", "profiled.org", T2),
        ("p3", "https://twonames.com/3", "Two Names", T1),
        ("p4", "https://twonames.com/4", "Two Names Daily", T2),
        ("p5", "https://www.twonames.com/5", "Two Names", T3),
        ("p6", "https://twonames.com/6", "twonames.com", None),
        ("p7", "https://onename.de/7", "One Name", T2),
        ("p8", "https://onename.de/8", "ONENAME.DE", T3),
        ("p9", "https://NoName.com/9", "noname.com", T1),
        ("p0", None, "Without a URL", T1),
    ]
    given.rows(
        "article_versions",
        [
            version(p, f"a-{p}", t, p, url=u, outlet=o, version=1, load_id="L1")
            for p, u, o, t in pages
        ],
    )
    given.rows("articles", [_article(p, u, o) for p, u, o, _ in pages])
    given.rows(
        "staging.outlet_rules",
        [
            {"domain": "example.com", "name": "Override", "time_zone": "Europe/Paris",
             "source": "override", "priority": 0},
            {"domain": "example.com", "name": "Profile", "time_zone": "Europe/Kyiv",
             "source": "profile", "priority": 1},
            {"domain": "profiled.org", "name": "Profiled", "time_zone": "America/New_York",
             "source": "profile", "priority": 2},
        ],
    )  # fmt: skip
    given.rows("staging.outlet_tlds", [{"tld": "de", "time_zone": "Europe/Berlin"}])
    given.rows(
        "staging.learned_zones",
        [{"host": "twonames.com", "time_zone": "Europe/Kyiv", "observations": 3}],
    )
    given.publish("outlets")
    assert given.select("select * from outlets order by host") == [
        ("a.example.com", "Override", "override", "Europe/Paris", "override", T1, T1, 1, LOAD),
        ("noname.com", "noname.com", "domain", None, "none", T1, T1, 1, LOAD),
        ("onename.de", "One Name", "page", "Europe/Berlin", "tld", T2, T3, 2, LOAD),
        ("profiled.org", "Profiled", "profile", "America/New_York", "profile", T2, T2, 1, LOAD),
        ("twonames.com", "Two Names", "majority", "Europe/Kyiv", "learned", T1, T3, 4, LOAD),
    ]
    assert given.select("select page_id, outlet from articles order by page_id") == [
        ("p0", "Without a URL"),
        ("p1", "Override"),
        ("p2", "Profiled"),
        ("p3", "Two Names"),
        ("p4", "Two Names"),
        ("p5", "Two Names"),
        ("p6", "Two Names"),
        ("p7", "One Name"),
        ("p8", "One Name"),
        ("p9", "noname.com"),
    ]


@pytest.mark.parametrize(
    ("stamps", "expected"),
    [
        ([], None),
        ([(datetime(2024, 1, 10, 10, tzinfo=UTC), 2 * H)], "Europe/Kyiv"),
        (  # winter +1 and summer +2 is Berlin's, not Kyiv's
            [(datetime(2024, 1, 10, tzinfo=UTC), H), (datetime(2024, 7, 10, tzinfo=UTC), 2 * H)],
            "Europe/Berlin",
        ),
        ([(datetime(2024, 1, 10, tzinfo=UTC), 5 * H)], "Etc/GMT-5"),  # no candidate: fixed
        ([(datetime(2024, 1, 10, tzinfo=UTC), 5.5 * H)], None),  # no whole hour: nothing
        (  # two stamps disagree: no majority
            [
                (datetime(2024, 1, 10, tzinfo=UTC), 2 * H),
                (datetime(2024, 1, 11, tzinfo=UTC), 5 * H),
            ],
            None,
        ),
    ],
)
def test_learn_zone(stamps: list[tuple[datetime, timedelta]], expected: str | None) -> None:
    assert learn_zone(stamps, ["Europe/Kyiv", "Europe/Berlin"]) == expected


def test_zone_for_a_host_override_then_profile_then_learned() -> None:
    base = Outlets(
        (OutletProfile("example.com", "Profile", "Europe/Kyiv"),), {"de": "Europe/Berlin"}
    )
    overrides = Outlets(
        (OutletProfile("news.example.com", "Override", "Europe/Paris"),), {"com": "America/Chicago"}
    )
    knowledge = OutletKnowledge(
        overrides, {"example.com": "Asia/Tokyo", "other.com": "Asia/Tokyo"}, base
    )
    assert [
        knowledge.zone_for(h)
        for h in ("news.example.com", "example.com", "other.com", "third.com", "x.de", None)
    ] == ["Europe/Paris", "Europe/Kyiv", "Asia/Tokyo", "America/Chicago", None, None]


WINTER, SUMMER = datetime(2024, 1, 10, 15, tzinfo=UTC), datetime(2024, 7, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("host", "language", "stamps", "expected"),
    [
        # A .com in English at -06:00 in winter: Chicago (English) before Mexico City (.mx)
        ("lakefront.example.com", "en", [(WINTER, "-06:00")], "America/Chicago"),
        # ...and in Spanish: Mexico City
        ("valle.example.com", "es", [(WINTER, "-06:00")], "America/Mexico_City"),
        # English at -08:00 and -07:00 by season: Los Angeles, not a fixed Etc/GMT+8 nor nothing
        (
            "sound.example.com",
            "en",
            [(WINTER, "-08:00"), (SUMMER, "-07:00")],
            "America/Los_Angeles",
        ),
        ("sound.example.com", "en", [(WINTER, "-08:00")], "America/Los_Angeles"),
        # The profiles' zones still come before the language's: +02:00 in English on .eu is
        # Kyiv (a profile's), not Johannesburg
        ("ledger.example.eu", "en", [(WINTER, "+02:00")], "Europe/Kyiv"),
        # The host's own country-code zone first, whatever the language
        ("rundschau.example.de", "en", [(WINTER, "+01:00")], "Europe/Berlin"),
        # No language: the country-code zones, then a fixed offset
        ("x.example.com", None, [(WINTER, "-08:00")], "Etc/GMT+8"),
    ],
)
def test_a_learned_zone_prefers_the_zones_of_the_hosts_language(
    host: str, language: str | None, stamps: list[tuple[datetime, str]], expected: str
) -> None:
    evidence = [
        (
            host,
            instant,
            (instant + timedelta(hours=int(offset[:3]))).strftime("%Y-%m-%dT%H:%M:%S") + offset,
            language,
        )
        for instant, offset in stamps
    ]
    learned = OutletKnowledge().learned_table(evidence).to_pylist()
    assert learned == [{"host": host, "time_zone": expected, "observations": len(stamps)}]


def test_override_files(tmp_path: Path) -> None:
    (tmp_path / "outlets.toml").write_text(
        '[[outlet]]\ndomain = "a.com"\nname = "Landing"\ntime_zone = "Europe/Kyiv"\n'
    )
    named = tmp_path / "mine.toml"
    named.write_text('[[outlet]]\ndomain = "a.com"\nname = "Named"\ntime_zone = "UTC"\n')
    outlets = read_overrides(override_paths(tmp_path, named))
    assert [p.name for p in outlets.profiles] == ["Named", "Landing"]
    assert override_paths(tmp_path / "nowhere") == []
    with pytest.raises(OutletsFileError, match="no such outlets file"):
        override_paths(tmp_path, tmp_path / "missing.toml")
    named.write_text('[[outlet]]\ndomain = "a.com"\nname = "Named"\ntime_zone = "Mars/Base"\n')
    with pytest.raises(OutletsFileError, match="unknown time zone 'Mars/Base'"):
        read_overrides([named])
    named.write_text('[[outlet]]\ndomain = "a.com"\n')
    with pytest.raises(OutletsFileError, match="needs domain, name and time_zone"):
        read_overrides([named])


def _settings(landing: Path, warehouse: Path) -> Settings:
    return Settings(landing, warehouse, workers=2, max_bytes=20 * 1024 * 1024)


def test_synthetic_load_one_name_per_host_and_the_override_wins(tmp_path: Path) -> None:
    landing, warehouse = tmp_path / "landing", tmp_path / "w.duckdb"
    generate(2000, landing)
    (landing / "outlets.toml").write_text(
        '[[outlet]]\ndomain = "rheinblatt.de"\nname = "Rheinblatt (override)"\n'
        'time_zone = "Europe/Vienna"\n'
    )
    report = run_load(_settings(landing, warehouse))
    assert report.success, report.error
    with duckdb.connect(str(warehouse), read_only=True) as con:
        by_host = con.execute(
            "select url_host(url) as host, list(distinct outlet order by outlet) "
            "from articles group by all order by host"
        ).fetchall()
        outlets = con.execute(
            "select host, name, name_source, time_zone, zone_source from outlets order by host"
        ).fetchall()
    assert by_host == [
        ("balticledger.eu", ["The Baltic Ledger"]),
        ("dniproherald.com.ua", ["Dnipro Herald"]),
        ("harbourgazette.co.uk", ["Harbour Gazette"]),
        ("rheinblatt.de", ["Rheinblatt (override)"]),
        ("slobvisnyk.com.ua", ["Слобідський вісник"]),
    ]
    assert [row[:3] for row in outlets] == [
        ("balticledger.eu", "The Baltic Ledger", "page"),
        ("dniproherald.com.ua", "Dnipro Herald", "page"),
        ("harbourgazette.co.uk", "Harbour Gazette", "page"),
        ("rheinblatt.de", "Rheinblatt (override)", "override"),
        ("slobvisnyk.com.ua", "Слобідський вісник", "page"),
    ]
    assert ("Europe/Vienna", "override") in [row[3:] for row in outlets]
    with duckdb.connect(str(warehouse), read_only=True) as con:  # the file is no input
        assert con.execute(
            "select count(*) from raw_pages where source_path like '%.toml'"
        ).fetchone() == (0,)
        assert con.execute(
            "select count(*) from rejected_pages where source_path like '%.toml'"
        ).fetchone() == (0,)


def _wall_clock_page(landing: Path, name: str, stamp: str) -> None:
    paragraphs = "".join(
        f"<p>Sentence {i} of a story long enough to be an article here.</p>" for i in range(8)
    )
    (landing / f"{name}.html").write_text(
        f'<html lang="en"><head><meta property="og:title" content="Story {name}">'
        f'<meta property="article:published_time" content="{stamp}"></head>'
        f"<body><article><h1>Story {name}</h1>{paragraphs}</article></body></html>"
    )
    meta = {"url": f"https://zoneless-news.com/{name}", "fetched_at": "2024-12-22T10:00:00+00:00"}
    (landing / f"{name}.html.meta.json").write_text(json.dumps(meta))


def test_a_zone_learned_later_fixes_earlier_pages_on_reparse(tmp_path: Path) -> None:
    landing, warehouse = tmp_path / "landing", tmp_path / "w.duckdb"
    landing.mkdir()
    settings = _settings(landing, warehouse)
    _wall_clock_page(landing, "early", "2024-12-20T18:25:00")  # wall time, no offset

    def read() -> list[tuple]:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return con.execute(
                "select a.url, a.published_at_local, o.time_zone, o.zone_source "
                "from articles as a join outlets as o on o.host = url_host(a.url) order by a.url"
            ).fetchall()

    assert run_load(settings).success
    assert read() == [
        ("https://zoneless-news.com/early", "2024-12-20T18:25:00+00:00", None, "none")
    ]
    _wall_clock_page(landing, "late", "2024-12-21T09:00:00+02:00")  # the host's offset
    assert run_load(settings).success
    assert read() == [
        ("https://zoneless-news.com/early", "2024-12-20T18:25:00+00:00", "Europe/Kyiv", "learned"),
        ("https://zoneless-news.com/late", "2024-12-21T09:00:00+02:00", "Europe/Kyiv", "learned"),
    ]
    assert run_load(settings, job_name="reparse_warehouse").success
    assert read() == [
        ("https://zoneless-news.com/early", "2024-12-20T18:25:00+02:00", "Europe/Kyiv", "learned"),
        ("https://zoneless-news.com/late", "2024-12-21T09:00:00+02:00", "Europe/Kyiv", "learned"),
    ]


class Night:
    """A warehouse published one load at a time through article_versions, outlets and articles:
    `load` stages a night's versions (and a reparse's page list) with what the stage step knew
    about outlets, then publishes them."""

    RELATIONS = tuple(r for r in PUBLISH_ORDER if r in ("article_versions", "outlets", "articles"))

    def __init__(self, folder: Path) -> None:
        self.store = Warehouse(folder / "w.duckdb")
        with self.store.writer():  # create the schema
            pass
        self.work = str(work_path(self.store.path))

    def load(
        self,
        load_id: str,
        versions: list[dict],
        knowledge: dict[str, list[dict]],
        reparse: Sequence[str] = (),
        before_publish: Callable[[Writer], None] | None = None,
    ) -> None:
        staged = pa.Table.from_pylist([row | {"load_id": load_id} for row in versions])  # noqa: F841
        pages = pa.Table.from_pylist([{"page_id": p, "load_id": load_id} for p in reparse])  # noqa: F841
        with self.store.lock():  # the live writer: its staging rows are not a dead one's
            with duckdb.connect(self.work) as con:
                con.execute("insert into staging.versions by name select * from staged")
                if reparse:
                    con.execute("insert into staging.reparse_pages by name select * from pages")
                for table in _OUTLET_KNOWLEDGE:
                    con.execute(f"delete from {table}")
                    for row in knowledge.get(table, []):
                        con.execute(f"insert into {table} by name select unnest($r)", {"r": row})
            with self.store.writer() as wh:
                if before_publish is not None:  # what the stage step reads
                    wh._con.execute("set variable load_id = $id", {"id": load_id})
                    before_publish(wh)
                wh.publish(load_id, self.RELATIONS, guard=False)

    def select(self, query: str) -> list[tuple]:
        with duckdb.connect(self.work, read_only=True) as con:
            return con.execute(query).fetchall()

    def published(self) -> tuple[list[tuple], ...]:
        """outlets (load id aside), each article's outlet, and the kept counts."""
        return (
            self.select("select * exclude (load_id) from outlets order by host"),
            self.select("select article_id, url, outlet from articles order by article_id"),
            self.select("select * from staging.outlet_pages order by all"),
            self.select(
                "select host, time_zone, sum(pages) from staging.outlet_pages group by all "
                "order by all"
            ),
        )


_OUTLET_KNOWLEDGE = ("staging.outlet_rules", "staging.outlet_tlds", "staging.learned_zones")


def _page(
    page: str,
    article: str,
    url: str | None,
    outlet: str,
    fetched: datetime,
    zone: tuple[str, str] | None = None,  # (the zone it was read in, from what)
) -> dict:
    sources = json.dumps({"time_zone": zone[1]}) if zone else None
    return version(
        page,
        article,
        fetched,
        page,
        url=url,
        outlet=outlet,
        time_zone=zone[0] if zone else None,
        field_sources=sources,
    )


def test_outlets_folded_in_night_by_night_equal_a_rebuild_from_every_version(
    tmp_path: Path,
) -> None:
    tlds = {"staging.outlet_tlds": [{"tld": "de", "time_zone": "Europe/Berlin"}]}
    override = {
        "staging.outlet_rules": [
            {"domain": "a.com", "name": "A (override)", "time_zone": "Europe/Paris",
             "source": "override", "priority": 0},
        ]
    }  # fmt: skip
    learned = {
        "staging.learned_zones": [{"host": "b.org", "time_zone": "Europe/Kyiv", "observations": 3}]
    }
    t = [T1 + timedelta(hours=h) for h in range(20)]
    nights: list[tuple[str, list[dict], dict[str, list[dict]], list[str]]] = [
        (  # two hosts
            "L1",
            [
                _page("p1", "a1", "https://a.com/1", "A", t[1], ("Europe/Paris", "label")),
                _page(
                    "p2",
                    "a2",
                    "https://www.b.org/2",
                    "B One",
                    t[1],
                    ("America/New_York", "language"),
                ),
                _page("p3", "a3", "https://b.org/3", "b.org", t[2]),
            ],
            {},
            [],
        ),
        (  # a new host; b.org's pages now name it "B Two" more often than "B One"
            "L2",
            [
                _page("p4", "a4", "https://c.de/4", "C", t[3], ("Europe/Berlin", "cctld")),
                _page(
                    "p5", "a5", "https://b.org/5", "B Two", t[4], ("America/Chicago", "dateline")
                ),
                _page(
                    "p6", "a6", "https://b.org/6", "B Two", t[2], ("America/Chicago", "dateline")
                ),
            ],
            tlds,
            [],
        ),
        (  # an override file for a.com, which has no page tonight
            "L3",
            [_page("p7", "a7", "https://news.c.de/7", "C", t[5])],
            tlds | override,
            [],
        ),
        (  # a zone learned for b.org, which has no page tonight; a page without a URL
            "L4",
            [
                _page("p8", "a8", "https://a.com/8", "a.com", t[6]),
                _page("p9", "a9", None, "No URL", t[6]),
            ],
            tlds | override | learned,
            [],
        ),
        (  # a reparse: b.org's pages name it "B One" again
            "L5",
            [
                _page("p5", "a5", "https://b.org/5", "B One", t[4]),
                _page("p6", "a6", "https://b.org/6", "B One", t[2]),
            ],
            tlds | override | learned,
            ["p5", "p6"],
        ),
        (  # a late page older than its article's latest; a newer version; the override gone
            "L6",
            [
                _page("p10", "a2", "https://b.org/2", "B Three", t[0]),
                _page("p11", "a1", "https://a.com/1", "A", t[7], ("Asia/Tokyo", "outlets")),
                _page(
                    "p12", "a12", "https://d.com/12", "D", t[8], ("America/Denver", "fetch_offset")
                ),
            ],
            tlds | learned,
            [],
        ),
    ]
    nightly = Night(tmp_path / "nightly")
    staged: dict[str, dict] = {}
    for n, (load_id, versions, knowledge, reparse) in enumerate(nights, 1):
        if load_id == "L4":  # a warehouse from before the counts were kept: none yet
            with nightly.store.lock(), duckdb.connect(nightly.work) as con:
                con.execute("delete from staging.outlet_pages")
        nightly.load(load_id, versions, knowledge, reparse)
        staged |= {row["page_id"]: row for row in versions}
        at_once = Night(tmp_path / f"at_once_{n}")  # every version so far in one load
        at_once.load("L0", list(staged.values()), knowledge)
        assert nightly.published() == at_once.published(), load_id

    outlets, articles, _, zones = nightly.published()
    assert [row[:5] for row in outlets] == [
        # the override is gone: the zone its page's own label read it in
        ("a.com", "A", "page", "Europe/Paris", "page"),
        ("b.org", "B One", "majority", "Europe/Kyiv", "learned"),  # learned beats its pages'
        ("c.de", "C", "page", "Europe/Berlin", "tld"),  # a zone from the ccTLD is the tld's
        ("d.com", "D", "page", "America/Denver", "page"),
        ("news.c.de", "C", "page", "Europe/Berlin", "tld"),
    ]
    assert zones == [  # what the pages were read in by their own evidence, per host
        ("a.com", "Europe/Paris", 1),
        ("a.com", None, 2),  # no zone, and the pipeline's own ('outlets')
        ("b.org", "America/New_York", 1),  # the reparse read p5 and p6 in no zone
        ("b.org", None, 4),
        ("c.de", None, 1),
        ("d.com", "America/Denver", 1),
        ("news.c.de", None, 1),
        (None, None, 1),
    ]
    assert [row[2] for row in articles] == [
        "A", "D", "B One", "B One", "C", "B One", "B One", "C", "A", "No URL"
    ]  # fmt: skip


def _stamped(page: str, host: str, at: datetime, offset: str) -> dict:
    """A version whose JSON-LD gave its publication with an explicit offset."""
    hours = int(offset[:3])
    local = (at + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%S") + offset
    return version(
        page,
        f"a-{page}",
        at,
        page,
        url=f"https://{host}/{page}",
        outlet=host,
        published_at=at,
        published_at_local=local,
        field_sources=json.dumps({"published_at": "jsonld"}),
        language="en",
    )


_TOP_50 = (
    "select host, page_id from staging.explicit_stamps qualify row_number() over (partition by "
    "host order by fetched_at desc nulls last, published_at desc, page_id desc) <= 50 order by all"
)


def test_zone_stamps_kept_night_by_night_give_the_evidence_of_every_version(
    tmp_path: Path,
) -> None:
    """Zone learning reads the newest 50 explicit stamps per host from the ones publish keeps
    plus the night's own: the same rows as from every version, through a host past 50
    stamps, a reparse that changes stamps, and a warehouse without the kept ones."""
    t = [T1 + timedelta(hours=h) for h in range(200)]
    a = [_stamped(f"a{i:03}", "a.com", t[i], "+02:00") for i in range(80)]
    b = [_stamped(f"b{i:03}", "b.de", t[i], "+01:00") for i in range(6)]
    a_later = [_stamped(f"a{i:03}", "a.com", t[i], "+03:00") for i in range(70, 80)]
    nights = [
        ("L1", a[:40] + b[:3], []),
        ("L2", a[40:70] + b[3:], []),  # a.com past 50: the oldest drop out
        ("L3", a_later, []),  # new pages
        (
            "L4",
            [_stamped(f"a{i:03}", "a.com", t[i], "+01:00") for i in range(65, 70)],
            [f"a{i:03}" for i in range(65, 70)],
        ),  # a reparse: stamps of held pages change
        ("L5", [_stamped("c000", "c.org", t[150], "-05:00")], []),
    ]
    night = Night(tmp_path)
    seen: list[list[tuple]] = []
    current: list[bool] = []

    def same_evidence(wh: Writer) -> None:
        kept, every = wh.zone_evidence(), wh.zone_evidence(kept=False)
        assert kept == every and len(every) > 0
        seen.append(every)
        current.append(wh.zone_stamps_current())

    for load_id, versions, reparse in nights:
        if load_id == "L5":  # a warehouse from before the stamps were kept: none yet
            with night.store.lock(), duckdb.connect(night.work) as con:
                con.execute("delete from staging.zone_stamps")
                con.execute("delete from staging.zone_stamps_state")
        night.load(load_id, versions, {}, reparse, before_publish=same_evidence)
        kept = night.select("select host, page_id from staging.zone_stamps order by all")
        assert kept == night.select(_TOP_50), load_id
    assert len(night.select("select * from staging.zone_stamps where host = 'a.com'")) == 50
    # the kept stamps are read where they are current: not on the first night, the reparse's,
    # nor after they were lost
    assert current == [False, True, True, False, False]
    assert [row[2][-6:] for row in seen[3] if row[0] == "a.com"][-15:-10] == ["+01:00"] * 5
