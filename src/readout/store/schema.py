"""The store's schema as named migrations, applied in order and recorded in ``migrations``.

A migration is never edited once released: schema changes are new entries appended
to ``MIGRATIONS``. ``migrate()`` applies the ones a file lacks, each in its own
transaction, so it is safe to run on every open. ``docs/store.md`` describes the tables.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

# Column order matters for speed: small columns first, ``text``/``raw`` last, so
# filters over documents never touch the overflow pages holding the text.
_CORE = """
CREATE TABLE documents (
    doc_no INTEGER PRIMARY KEY,          -- stable integer key; rowid of the search indexes
    id TEXT NOT NULL UNIQUE,             -- BLAKE2b-64 of the raw bytes (content hash)
    source TEXT,                         -- input path as given ("#n" for multi-story files)
    version INTEGER NOT NULL DEFAULT 1,  -- 1, 2, ... per source: a changed file is a new version
    supersedes TEXT REFERENCES documents(id),  -- id of the previous version of the same source
    title TEXT NOT NULL,
    pub_date TEXT,                       -- ISO yyyy-mm-dd
    pub_date_origin TEXT,
    region_name TEXT,                    -- main region (first event's, else first section's)
    region_code TEXT,
    format TEXT,
    encoding TEXT,
    n_chars INTEGER NOT NULL,            -- len(text)
    readout_version TEXT,                -- package version that built the row
    format_version TEXT,                 -- Document JSON contract version
    ingested_at TEXT NOT NULL,
    raw_offsets TEXT,                    -- JSON [[clean_start, clean_end, raw_start, raw_end], ...]
    text TEXT NOT NULL,                  -- the clean text all offsets point into
    raw BLOB                             -- the story's raw bytes
);
CREATE INDEX documents_source ON documents(source, version);
CREATE INDEX documents_pub_date ON documents(pub_date);
CREATE INDEX documents_region ON documents(region_code);

CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    region_name TEXT, region_code TEXT,
    region_start INTEGER, region_end INTEGER, region_text TEXT
);
CREATE INDEX sections_document ON sections(document_id, start);
CREATE INDEX sections_region ON sections(region_code);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id),
    seq INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    date TEXT, date_end TEXT,
    kind TEXT NOT NULL,
    leader TEXT,
    title_start INTEGER, title_end INTEGER, title_text TEXT,
    region_name TEXT, region_code TEXT,
    region_start INTEGER, region_end INTEGER, region_text TEXT,
    date_start INTEGER, date_stop INTEGER, date_text TEXT   -- the date expression's span
);
CREATE INDEX events_document ON events(document_id);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_region ON events(region_code);
CREATE INDEX events_section ON events(section_id, seq);

CREATE TABLE officials (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,           -- simplified name; namesakes share a row
    political INTEGER NOT NULL DEFAULT 0 -- 1 once any document shows a political post
);

CREATE TABLE document_officials (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    name TEXT NOT NULL,
    posts TEXT NOT NULL,                 -- JSON list of post values in this document
    political INTEGER NOT NULL
);
CREATE INDEX document_officials_document ON document_officials(document_id);
CREATE INDEX document_officials_official ON document_officials(official_id);

CREATE TABLE official_mentions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    section_id INTEGER REFERENCES sections(id),
    name TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    posts TEXT NOT NULL                  -- JSON list of the post values written here
);
CREATE INDEX official_mentions_document ON official_mentions(document_id);
CREATE INDEX official_mentions_official ON official_mentions(official_id);
CREATE INDEX official_mentions_name ON official_mentions(name);

CREATE TABLE official_posts (
    id INTEGER PRIMARY KEY,
    mention_id INTEGER NOT NULL REFERENCES official_mentions(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value TEXT NOT NULL,
    political INTEGER NOT NULL
);
CREATE INDEX official_posts_official ON official_posts(official_id);
CREATE INDEX official_posts_document ON official_posts(document_id);

CREATE TABLE event_officials (
    id INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id),
    document_id TEXT NOT NULL REFERENCES documents(id),
    official_id INTEGER REFERENCES officials(id),
    seq INTEGER NOT NULL,                -- 0 = the leader
    name TEXT NOT NULL,
    posts TEXT NOT NULL,                 -- JSON list
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL
);
CREATE INDEX event_officials_event ON event_officials(event_id);
CREATE INDEX event_officials_official ON event_officials(official_id);

CREATE TABLE statements (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id),
    official_id INTEGER REFERENCES officials(id),
    speaker TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    verb_start INTEGER, verb_end INTEGER, verb_text TEXT,
    speaker_start INTEGER, speaker_end INTEGER, speaker_text TEXT
);
CREATE INDEX statements_document ON statements(document_id);
CREATE INDEX statements_speaker ON statements(speaker);

CREATE TABLE formulations (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    value TEXT NOT NULL,                 -- canonical form
    kind TEXT NOT NULL                   -- quoted | numbered | parallel | lexicon
);
CREATE INDEX formulations_document ON formulations(document_id);
CREATE INDEX formulations_value ON formulations(value);

CREATE TABLE region_mentions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    section_id INTEGER REFERENCES sections(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    name TEXT NOT NULL, code TEXT, level TEXT, province TEXT, province_code TEXT
);
CREATE INDEX region_mentions_document ON region_mentions(document_id);
CREATE INDEX region_mentions_province ON region_mentions(province_code);

CREATE TABLE date_mentions (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    date TEXT, date_end TEXT, precision TEXT, inferred TEXT
);
CREATE INDEX date_mentions_document ON date_mentions(document_id);

CREATE TABLE rejected (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    rejected_at TEXT NOT NULL,
    UNIQUE (source, code)
);

-- Small running totals so search needs no scan of documents for BM25's average length.
CREATE TABLE corpus_stats (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n_documents INTEGER NOT NULL,
    n_chars INTEGER NOT NULL
);
INSERT INTO corpus_stats VALUES (1, 0, 0);
"""

# The roster's raw material: each post written beside a mention, with where and when.
# One text for migrations 0002 and 0012 (which adds the status column); the SQL each
# runs is what it ran when released.
_POSTS_SEEN = """
CREATE VIEW official_posts_seen AS
SELECT p.id AS post_id, p.official_id, m.name, p.value AS post, p.political,{status}
       coalesce(s.region_name, d.region_name) AS region_name,
       coalesce(s.region_code, d.region_code) AS region_code,
       coalesce((SELECT e.date FROM events e WHERE e.section_id = m.section_id AND e.date IS NOT NULL
                 ORDER BY e.seq LIMIT 1),
                d.pub_date,
                (SELECT min(e.date) FROM events e WHERE e.document_id = d.id)) AS date,
       d.pub_date, p.document_id, m.id AS mention_id, p.start, p."end", p.text
FROM official_posts p
JOIN official_mentions m ON m.id = p.mention_id
JOIN documents d ON d.id = p.document_id
LEFT JOIN sections s ON s.id = m.section_id;
"""

_VIEWS = """
CREATE VIEW documents_current AS
SELECT d.* FROM documents d
WHERE NOT EXISTS (SELECT 1 FROM documents n WHERE n.supersedes = d.id);

CREATE VIEW events_with_leaders AS
SELECT e.id AS event_id, e.document_id, d.title, d.source, d.pub_date,
       e.date, e.date_end, e.kind, e.region_name, e.region_code, e.leader,
       (SELECT group_concat(eo.name, '、') FROM event_officials eo WHERE eo.event_id = e.id) AS officials,
       e.title_text AS meeting, e.start, e."end", e.text
FROM events e JOIN documents d ON d.id = e.document_id;

CREATE VIEW formulation_hits AS
SELECT f.id AS formulation_id, f.document_id, f.section_id, f.value, f.kind,
       f.start, f."end", f.text,
       coalesce((SELECT e.date FROM events e WHERE e.section_id = f.section_id AND e.date IS NOT NULL
                 ORDER BY e.seq LIMIT 1),
                d.pub_date,
                (SELECT min(e.date) FROM events e WHERE e.document_id = d.id)) AS date,
       d.pub_date, d.source, d.title,
       coalesce(s.region_name, d.region_name) AS region_name,
       coalesce(s.region_code, d.region_code) AS region_code
FROM formulations f
JOIN documents d ON d.id = f.document_id
LEFT JOIN sections s ON s.id = f.section_id;

""" + _POSTS_SEEN.format(status="")

_SEARCH = """
-- Candidate indexes for substring search (docs/search.md). Contentless: the text lives
-- in documents; rowid = documents.doc_no. Both index title + newline + text.
-- search_grams: every word character and every adjacent pair of word characters as a token
-- (1- and 2-character queries are one token lookup).
CREATE VIRTUAL TABLE search_grams USING fts5(
    grams, content='', detail=none, tokenize='unicode61 remove_diacritics 0');
-- search_trigram: SQLite's trigram tokenizer, for queries of 3 characters or more.
CREATE VIRTUAL TABLE search_trigram USING fts5(
    body, content='', detail=none, tokenize='trigram');
"""

_FILTERS = """
CREATE TABLE document_filters (
    doc_no INTEGER PRIMARY KEY,          -- documents.doc_no
    date_min TEXT,                       -- earliest of the publication date and the event dates
    date_max TEXT,                       -- latest of them
    regions TEXT NOT NULL                -- ' ' + the main and section region codes + ' '
);
INSERT INTO document_filters(doc_no, date_min, date_max, regions)
SELECT d.doc_no,
       (SELECT min(x) FROM (SELECT d.pub_date AS x UNION ALL SELECT e.date FROM events e WHERE e.document_id = d.id)),
       (SELECT max(x) FROM (SELECT d.pub_date AS x UNION ALL SELECT e.date FROM events e WHERE e.document_id = d.id)),
       ' ' || trim(coalesce(d.region_code, '') || ' ' || coalesce((SELECT group_concat(s.region_code, ' ') FROM sections s
                                                 WHERE s.document_id = d.id AND s.region_code IS NOT NULL), '')) || ' '
FROM documents d;
"""

_LEAN = """
CREATE TABLE document_raw (
    doc_no INTEGER PRIMARY KEY REFERENCES documents(doc_no),
    raw BLOB NOT NULL                    -- the story's raw bytes (raw_offsets point into them)
);
INSERT INTO document_raw(doc_no, raw) SELECT doc_no, raw FROM documents WHERE raw IS NOT NULL;
ALTER TABLE documents DROP COLUMN raw;
ALTER TABLE sections DROP COLUMN text;
CREATE VIEW sections_text AS
SELECT s.id, s.document_id, s.seq, s.start, s."end", substr(d.text, s.start + 1, s."end" - s.start) AS text,
       s.region_name, s.region_code, s.region_start, s.region_end, s.region_text
FROM sections s JOIN documents d ON d.id = s.document_id;
"""

_FILTER_SECTIONS = """
ALTER TABLE document_filters ADD COLUMN sections TEXT;     -- 'start,end,region_code,event_date;…' per section
ALTER TABLE document_filters ADD COLUMN first_event_date TEXT;  -- the first dated event's date (by seq)
UPDATE document_filters SET
  sections = (SELECT group_concat(s.start || ',' || s."end" || ',' || coalesce(s.region_code, '') || ',' ||
                                  coalesce((SELECT e.date FROM events e WHERE e.section_id = s.id AND e.date IS NOT NULL
                                            ORDER BY e.seq LIMIT 1), ''), ';')
              FROM sections s JOIN documents d ON d.id = s.document_id WHERE d.doc_no = document_filters.doc_no),
  first_event_date = (SELECT e.date FROM events e JOIN documents d ON d.id = e.document_id
                      WHERE d.doc_no = document_filters.doc_no AND e.date IS NOT NULL ORDER BY e.seq LIMIT 1);
"""

_POST_STATUS = """
ALTER TABLE official_posts ADD COLUMN status TEXT NOT NULL DEFAULT 'current';  -- 'current' | 'former' | 'appointed'
DROP VIEW official_posts_seen;
""" + _POSTS_SEEN.format(status=" p.status,")

_COPIES = """
CREATE TABLE story_keys (
    key INTEGER NOT NULL,                -- 64-bit hash of the normalised text, or of one MinHash band of it
    doc_no INTEGER NOT NULL,             -- documents.doc_no
    day INTEGER NOT NULL,                -- publication day (date.toordinal()), 0 when unknown
    PRIMARY KEY (key, doc_no)
) WITHOUT ROWID;
CREATE TABLE document_copies (
    id INTEGER PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id),  -- the story, as stored
    copy_id TEXT NOT NULL UNIQUE,        -- BLAKE2b-64 of this arrival's raw bytes (its id had it been stored)
    source TEXT, title TEXT, clean_title TEXT, pub_date TEXT, url TEXT, record_id TEXT, format TEXT,
    match TEXT NOT NULL,                 -- 'exact': same normalised text; 'near': shingle Jaccard >= 0.85
    similarity REAL NOT NULL,            -- Jaccard of the 5-character shingles of the normalised texts
    ingested_at TEXT NOT NULL
);
CREATE INDEX document_copies_document ON document_copies(document_id);
CREATE VIEW document_sources AS
SELECT d.id AS document_id, d.id AS arrival_id, d.source, d.title, coalesce(d.clean_title, d.title) AS clean_title,
       d.pub_date, d.url, d.record_id, d.format, 'first' AS match, 1.0 AS similarity, d.ingested_at
FROM documents d
UNION ALL
SELECT c.document_id, c.copy_id, c.source, c.title, c.clean_title, c.pub_date, c.url, c.record_id, c.format,
       c.match, c.similarity, c.ingested_at
FROM document_copies c;
-- Documents stored before this migration have no keys yet: the next ingest adds them (keys_backfill).
CREATE TABLE keys_backfill (id INTEGER PRIMARY KEY CHECK (id = 1), next_doc_no INTEGER NOT NULL, last_doc_no INTEGER NOT NULL);
INSERT INTO keys_backfill SELECT 1, lo, hi FROM (SELECT min(doc_no) AS lo, max(doc_no) AS hi FROM documents)
WHERE lo IS NOT NULL;
"""

_ANALYSES = """
CREATE TABLE analyses (
    name TEXT PRIMARY KEY,               -- 'reuse' | 'roster'
    params TEXT NOT NULL,                -- JSON of the parameters it ran with
    n_documents INTEGER NOT NULL,        -- corpus_stats.n_documents it covers
    last_doc_no INTEGER NOT NULL,        -- every document up to this doc_no is in it
    incremental INTEGER NOT NULL,        -- 1 when the last run only added the new documents
    seconds REAL NOT NULL,
    computed_at TEXT NOT NULL
);
CREATE TABLE reuse_families (
    id INTEGER PRIMARY KEY,              -- rank: most documents first
    text TEXT NOT NULL,                  -- its most-aligned place's text
    length INTEGER NOT NULL,
    places INTEGER NOT NULL, documents INTEGER NOT NULL, regions INTEGER NOT NULL, dates INTEGER NOT NULL,
    first_seen TEXT, last_seen TEXT,
    passages INTEGER NOT NULL,           -- aligned passages inside it
    document_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL  -- where ``text`` is
);
CREATE TABLE reuse_members (
    id INTEGER PRIMARY KEY,
    family_id INTEGER NOT NULL REFERENCES reuse_families(id),
    document_id TEXT NOT NULL, section_id INTEGER, region TEXT, date TEXT,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    passages INTEGER NOT NULL            -- aligned passages touching this place
);
CREATE INDEX reuse_members_family ON reuse_members(family_id, date);
CREATE INDEX reuse_members_document ON reuse_members(document_id, start);
CREATE TABLE reuse_ratios (
    id INTEGER PRIMARY KEY,
    level TEXT NOT NULL,                 -- 'section' | 'document'
    document_id TEXT NOT NULL, section_id INTEGER, region TEXT,
    chars INTEGER NOT NULL, shared_chars INTEGER NOT NULL, copy_ratio REAL NOT NULL, passages INTEGER NOT NULL
);
CREATE INDEX reuse_ratios_document ON reuse_ratios(document_id);
"""

_ROSTER = """
CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    jurisdiction TEXT NOT NULL,          -- standard name of the unit, or 全国
    code TEXT,                           -- its GB/T 2260 code (NULL for 全国)
    level TEXT NOT NULL,                 -- national | province | prefecture | county
    kind TEXT NOT NULL,                  -- party_secretary, governor, minister, … (readout.analyze.offices.KINDS)
    organ TEXT NOT NULL DEFAULT '',      -- the ministry or department; the post's own words for 'other'
    title TEXT NOT NULL,                 -- canonical title: 天津市委书记, 浙江省省长, 国务院总理
    UNIQUE (jurisdiction, kind, organ)
);
CREATE INDEX offices_code ON offices(code, kind);
CREATE TABLE office_evidence (
    id INTEGER PRIMARY KEY,
    office_id INTEGER NOT NULL REFERENCES offices(id),
    tenure_id INTEGER,                   -- the span it belongs to
    name TEXT NOT NULL, official_id INTEGER,
    status TEXT NOT NULL,                -- current | then | former | appointed | elected | removed
    acting INTEGER NOT NULL DEFAULT 0,   -- 代理/代: acting
    source TEXT NOT NULL,                -- post (a post written beside the name) | notice (任/免/不再担任/当选)
    jurisdiction_from TEXT NOT NULL,     -- words | chain | context | central
    date TEXT, document_id TEXT NOT NULL, doc_no INTEGER NOT NULL,
    post_id INTEGER,                     -- official_posts.id of a written post
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL  -- the post as written
);
CREATE INDEX office_evidence_name ON office_evidence(name, office_id);
CREATE INDEX office_evidence_office ON office_evidence(office_id, date);
CREATE INDEX office_evidence_tenure ON office_evidence(tenure_id);
CREATE INDEX office_evidence_document ON office_evidence(document_id);
CREATE TABLE tenures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, official_id INTEGER,
    person INTEGER NOT NULL,             -- 1, 2, … among the people who share the name
    office_id INTEGER NOT NULL REFERENCES offices(id),
    start TEXT, start_kind TEXT,         -- the appointment (appointed | elected) when a notice gives it
    "end" TEXT, end_kind TEXT,           -- removed (a notice) | former (原/前 post); succeeded | moved: no later than
    first_seen TEXT, last_seen TEXT,     -- the first and last dated evidence
    evidence INTEGER NOT NULL, documents INTEGER NOT NULL,
    acting INTEGER NOT NULL DEFAULT 0    -- only ever seen as acting (代理)
);
CREATE INDEX tenures_name ON tenures(name, person);
CREATE INDEX tenures_office ON tenures(office_id, first_seen);
"""

# One rule for the date of a hit (readout.store.facts), applied by the writer: the date is
# stored with every row that has an offset, and the views read it instead of each
# computing its own (they had three rules between them). Rows from before this migration
# keep NULL until ``readout analyze`` backfills them (``document_filters.dates IS NULL``).
_HIT_DATES = """
ALTER TABLE formulations ADD COLUMN date TEXT;       -- the hit's date (readout.store.facts)
ALTER TABLE official_mentions ADD COLUMN date TEXT;  -- likewise, for the mention and its posts
ALTER TABLE sections ADD COLUMN date TEXT;           -- its first reported event's date, else the document date
ALTER TABLE document_filters ADD COLUMN date TEXT;   -- the document date: publication, else the first dated event
ALTER TABLE document_filters ADD COLUMN dates TEXT;  -- 'start,date;…': the date of a hit starting at each offset
DROP VIEW formulation_hits;
CREATE VIEW formulation_hits AS
SELECT f.id AS formulation_id, f.document_id, f.section_id, f.value, f.kind,
       f.start, f."end", f.text, f.date, d.pub_date, d.source, d.title,
       coalesce(s.region_name, d.region_name) AS region_name,
       coalesce(s.region_code, d.region_code) AS region_code
FROM formulations f
JOIN documents d ON d.id = f.document_id
LEFT JOIN sections s ON s.id = f.section_id;
DROP VIEW official_posts_seen;
CREATE VIEW official_posts_seen AS
SELECT p.id AS post_id, p.official_id, m.name, p.value AS post, p.political, p.status,
       coalesce(s.region_name, d.region_name) AS region_name,
       coalesce(s.region_code, d.region_code) AS region_code,
       m.date, d.pub_date, p.document_id, m.id AS mention_id, p.start, p."end", p.text
FROM official_posts p
JOIN official_mentions m ON m.id = p.mention_id
JOIN documents d ON d.id = p.document_id
LEFT JOIN sections s ON s.id = m.section_id;
"""

# The materialised analyses (readout.store.tallies): sums over documents that the pages and
# commands read with indexed lookups instead of recomputing them from the corpus per request.
# Month '' = undated; grouping is region | source | source_prefix (and 'all' in unit_months).
_TALLIES = """
CREATE INDEX document_filters_undated ON document_filters(doc_no) WHERE dates IS NULL;

CREATE TABLE tally_counts (name TEXT PRIMARY KEY, n INTEGER NOT NULL);  -- rows per table, characters
CREATE TABLE coverage_days (day TEXT NOT NULL, source TEXT NOT NULL, documents INTEGER NOT NULL,
                            PRIMARY KEY (day, source)) WITHOUT ROWID;
CREATE TABLE unit_months (grouping TEXT NOT NULL, grp TEXT NOT NULL, month TEXT NOT NULL, units INTEGER NOT NULL,
                          PRIMARY KEY (grouping, grp, month)) WITHOUT ROWID;
CREATE TABLE formulation_cells (value TEXT NOT NULL, grouping TEXT NOT NULL, grp TEXT NOT NULL, month TEXT NOT NULL,
                                units_with INTEGER NOT NULL, hits INTEGER NOT NULL,
                                PRIMARY KEY (value, grouping, grp, month)) WITHOUT ROWID;
CREATE TABLE formulation_groups (value TEXT NOT NULL, grouping TEXT NOT NULL, grp TEXT NOT NULL,
                                 units_with INTEGER NOT NULL, hits INTEGER NOT NULL, documents INTEGER NOT NULL,
                                 PRIMARY KEY (value, grouping, grp)) WITHOUT ROWID;
CREATE INDEX formulation_groups_grp ON formulation_groups(grouping, grp, units_with);
CREATE TABLE formulation_first (value TEXT NOT NULL, grouping TEXT NOT NULL, grp TEXT NOT NULL, date TEXT NOT NULL,
                                document_id TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL,
                                text TEXT NOT NULL, PRIMARY KEY (value, grouping, grp)) WITHOUT ROWID;
CREATE TABLE formulation_months (value TEXT NOT NULL, month TEXT NOT NULL, hits INTEGER NOT NULL,
                                 PRIMARY KEY (value, month)) WITHOUT ROWID;  -- by the hits' own dates
CREATE TABLE formulation_totals (value TEXT PRIMARY KEY, hits INTEGER NOT NULL, documents INTEGER NOT NULL,
                                 units_with INTEGER NOT NULL);
CREATE INDEX formulation_totals_hits ON formulation_totals(hits DESC, value);
CREATE INDEX formulation_totals_units ON formulation_totals(units_with DESC, value);
CREATE TABLE formulation_texts (value TEXT NOT NULL, text TEXT NOT NULL, hits INTEGER NOT NULL,
                                PRIMARY KEY (value, text)) WITHOUT ROWID;
CREATE TABLE region_names (name TEXT NOT NULL, code TEXT NOT NULL, n INTEGER NOT NULL,
                           PRIMARY KEY (name, code)) WITHOUT ROWID;
CREATE TABLE event_months (region_code TEXT NOT NULL, month TEXT NOT NULL, kind TEXT NOT NULL, events INTEGER NOT NULL,
                           PRIMARY KEY (region_code, month, kind)) WITHOUT ROWID;
CREATE TABLE roundups (document_id TEXT PRIMARY KEY, regions INTEGER NOT NULL) WITHOUT ROWID;  -- >= 3 section regions
CREATE INDEX roundups_regions ON roundups(regions DESC, document_id);
CREATE INDEX statements_official ON statements(official_id);
CREATE INDEX events_region_date ON events(region_code, date);
"""

# Per official: what their page counts and charts (events per month, statements, documents), and
# the index an echo of a section needs; counted by readout.store.tallies (version 2).
_OFFICIAL_TALLIES = """
CREATE TABLE official_counts (official_id INTEGER PRIMARY KEY, events INTEGER NOT NULL, statements INTEGER NOT NULL,
                              documents INTEGER NOT NULL);
CREATE TABLE official_months (official_id INTEGER NOT NULL, month TEXT NOT NULL, events INTEGER NOT NULL,
                              PRIMARY KEY (official_id, month)) WITHOUT ROWID;
"""

MIGRATIONS: list[tuple[str, str]] = [
    ("0001_core_tables", _CORE),
    ("0002_views", _VIEWS),
    ("0003_search_indexes", _SEARCH),
    # search --formulation matches the surface text as well as the canonical value.
    ("0004_formulations_text_index", "CREATE INDEX IF NOT EXISTS formulations_text ON formulations(text);"),
    # One candidate index is enough: queries of 3+ characters are an AND of their bigrams
    # in search_grams (docs/search.md has the measurements); the trigram index cost more
    # write time than the grams index and doubled the FTS disk.
    ("0005_drop_trigram_index", "DROP TABLE IF EXISTS search_trigram;"),
    # Merge FTS5 segments 16 at a time instead of 4: bulk ingest rewrites the posting lists
    # less often (0.70 -> 0.54 ms per document at 40k, docs/search.md); a query probes a few
    # more segments, which costs microseconds.
    ("0006_grams_automerge", "INSERT INTO search_grams(search_grams, rank) VALUES ('automerge', 16);\n"
                             "INSERT INTO search_grams(search_grams, rank) VALUES ('crisismerge', 64);"),
    # Secondary indexes a bulk load dropped, with their SQL, until they are rebuilt
    # (drop_bulk_indexes / restore_indexes): a killed bulk load leaves the recipe in the file.
    ("0007_deferred_indexes", "CREATE TABLE deferred_indexes (name TEXT PRIMARY KEY, sql TEXT NOT NULL);"),
    # What search's date and region filters need per document, in one narrow row: the
    # per-candidate probes of events and sections were most of a filtered query's time.
    ("0008_document_filters", _FILTERS),
    # Let FTS5 buffer 32 MB of postings before flushing a segment (default 1 MB): a
    # 1,024-document batch then becomes one segment instead of dozens, so there is far
    # less to merge (writer 1.12 -> 0.77 ms per document at 20k, docs/search.md).
    ("0009_grams_hashsize", "INSERT INTO search_grams(search_grams, rank) VALUES ('hashsize', 33554432);"),
    # Leaner rows for search: the raw bytes move to their own table (a documents row is
    # then about one page, and search reads only the text), and sections keep spans, not
    # a second copy of the text (sections_text derives it). 20.4 -> 17.7 KB per document at 10⁶.
    ("0010_lean_rows", _LEAN),
    # A filtered search scores each candidate per section (region, event date): with these
    # two columns it reads them from the filter row it already has, instead of probing
    # sections and events for every candidate (the random reads behind a cold 10⁶ p95).
    ("0011_filter_sections", _FILTER_SECTIONS),
    # Whether each post was held then, held before (原/时任/不再担任) or given by the notice
    # being reported (任/当选): a tenure roster must not read a former post as current.
    # Stores from before this migration read every post as 'current', as they did.
    ("0012_post_status", _POST_STATUS),
    # What an archive says about a story besides its text: the title without the broadcaster's
    # labels ([视频]), its address and the archive's own id (xwlb video_id). Appended after
    # ``text``, so only reads that ask for them touch the text's overflow pages.
    ("0013_story_metadata", "ALTER TABLE documents ADD COLUMN clean_title TEXT;\n"
                            "ALTER TABLE documents ADD COLUMN url TEXT;\n"
                            "ALTER TABLE documents ADD COLUMN record_id TEXT;"),
    # A story that arrives twice is stored once: story_keys finds a new arrival's copies by
    # text (readout.store.copies), document_copies records every other arrival, and
    # document_sources lists them all. Stores from before get their keys at the next ingest.
    ("0014_copies", _COPIES),
    # Analyses computed once (``readout analyze``) and read by commands and pages with indexed
    # queries: ``analyses`` says what each covers; reuse as passage families and copy ratios.
    ("0015_analyses_reuse", _ANALYSES),
    # The tenure roster (readout.analyze.roster): posts read as offices, the evidence for each
    # person and office (written posts, appointment and removal notices), and tenure spans.
    ("0016_roster", _ROSTER),
    ("0017_hit_dates", _HIT_DATES),
    # The materialised analyses (readout.store.tallies) and indexes the official and region pages need.
    ("0018_tallies", _TALLIES),
    ("0019_official_tallies", _OFFICIAL_TALLIES),
]

# Tables whose indexes a bulk load keeps: the writer looks documents up by id and
# source, and officials by name, while it writes.
_KEEP_INDEXED = ("documents", "officials", "migrations", "deferred_indexes", "rejected", "corpus_stats",
                 "document_filters", "analyses", "tally_counts", "coverage_days", "unit_months", "formulation_cells",
                 "formulation_groups", "formulation_first", "formulation_months", "formulation_totals",
                 "formulation_texts", "region_names", "event_months", "roundups", "official_counts", "official_months")


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations this file lacks; return their names. Safe to call repeatedly."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {r[0] for r in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have applied it between our read and the lock.
            if conn.execute("SELECT 1 FROM migrations WHERE name = ?", (name,)).fetchone():
                conn.execute("COMMIT")
                continue
            for stmt in _statements(sql):
                conn.execute(stmt)
            conn.execute("INSERT INTO migrations VALUES (?, ?)", (name, _now()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(name)
    return applied


def drop_bulk_indexes(conn: sqlite3.Connection) -> list[str]:
    """Drop the secondary indexes of the annotation tables for a bulk load; their SQL goes to ``deferred_indexes``.

    Their keys (document ids are hashes, names, values) make every insert touch a random
    page; building them once at the end with ``restore_indexes`` is a sort instead
    (docs/search.md has the measurements). Returns the dropped names.
    """
    keep = ",".join("?" * len(_KEEP_INDEXED))
    conn.execute("BEGIN IMMEDIATE")
    try:
        rows = conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                            f"AND tbl_name NOT IN ({keep}) AND tbl_name NOT LIKE 'search_%'", _KEEP_INDEXED).fetchall()
        for name, sql in rows:
            conn.execute("INSERT OR REPLACE INTO deferred_indexes VALUES (?, ?)", (name, sql))
            conn.execute(f'DROP INDEX "{name}"')
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return [r[0] for r in rows]


def restore_indexes(conn: sqlite3.Connection) -> list[str]:
    """Rebuild the indexes ``drop_bulk_indexes`` dropped (none after a normal run); return their names."""
    rows = conn.execute("SELECT name, sql FROM deferred_indexes ORDER BY name").fetchall()
    if not rows:
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for name, sql in rows:
            conn.execute(sql.replace("CREATE INDEX", "CREATE INDEX IF NOT EXISTS", 1))
            conn.execute("DELETE FROM deferred_indexes WHERE name = ?", (name,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return [r[0] for r in rows]


def _statements(sql: str) -> list[str]:
    """Split a script into statements (executescript would commit our transaction)."""
    out, buf = [], ""
    for line in sql.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
