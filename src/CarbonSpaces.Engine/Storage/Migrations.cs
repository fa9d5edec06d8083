using System.Collections.Generic;

namespace CarbonSpaces.Engine.Storage
{
    /// <summary>
    /// The store's schema, one step a version. A step is applied once, in a transaction, and never
    /// edited after it has shipped: a change to the schema is a new step at the end.
    /// </summary>
    internal static class Migrations
    {
        public static IReadOnlyList<string> Steps { get; } = new[]
        {
            // 1: data sources, items, the event log. Ids are AUTOINCREMENT so an id is never reused
            // for a different data source or item: scripts and the event log keep meaning what they did.
            @"
CREATE TABLE data_sources (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    name                  TEXT NOT NULL,
    customer_id           TEXT NOT NULL COLLATE NOCASE,
    data_source_metadata  TEXT NOT NULL,
    endpoint              TEXT NOT NULL,
    region                TEXT NOT NULL,
    access_key_id         TEXT NOT NULL,
    credential_source     TEXT NOT NULL,
    credential_reference  TEXT,
    tags                  TEXT NOT NULL DEFAULT '{}',
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    items_synced_at       INTEGER,
    sync_status           TEXT NOT NULL,
    sync_error_message    TEXT,
    UNIQUE (endpoint, access_key_id)
);
CREATE INDEX data_sources_customer ON data_sources (customer_id);

CREATE TABLE items (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    data_source_id  INTEGER NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    kind            INTEGER NOT NULL,
    bucket          TEXT NOT NULL,
    key             TEXT NOT NULL,
    name            TEXT NOT NULL,
    parent_id       INTEGER REFERENCES items (id) ON DELETE CASCADE,
    size            INTEGER,
    etag            TEXT,
    last_modified   INTEGER,
    file_format     TEXT NOT NULL,
    UNIQUE (data_source_id, bucket, key)
);
CREATE INDEX items_parent ON items (parent_id);
CREATE INDEX items_name ON items (name COLLATE NOCASE);
CREATE INDEX items_last_modified ON items (data_source_id, last_modified);

CREATE TABLE events (
    id              INTEGER PRIMARY KEY,
    type            TEXT NOT NULL,
    at              INTEGER NOT NULL,
    data_source_id  INTEGER,
    file_id         INTEGER,
    message         TEXT NOT NULL
);
CREATE INDEX events_at ON events (at);
CREATE INDEX events_file ON events (file_id);
",

            // 2: files chosen for sync (ids never reused, like data sources), their chunks and the
            // chunks' keyword index, and the buckets or prefixes synced whole (auto-sync turns objects
            // that appear under them into files).
            @"
CREATE TABLE sync_roots (
    id                         INTEGER PRIMARY KEY AUTOINCREMENT,
    data_source_id             INTEGER NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    bucket                     TEXT NOT NULL,
    prefix                     TEXT NOT NULL,
    tags                       TEXT NOT NULL,
    chunk_size                 INTEGER NOT NULL,
    chunk_overlap              INTEGER NOT NULL,
    skip_embedding_generation  INTEGER NOT NULL,
    options                    TEXT NOT NULL,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    UNIQUE (data_source_id, bucket, prefix)
);

CREATE TABLE files (
    id                         INTEGER PRIMARY KEY AUTOINCREMENT,
    data_source_id             INTEGER REFERENCES data_sources (id) ON DELETE SET NULL,
    data_source_metadata       TEXT NOT NULL,
    file_metadata              TEXT NOT NULL,
    bucket                     TEXT NOT NULL,
    key                        TEXT NOT NULL,
    name                       TEXT NOT NULL,
    file_format                TEXT NOT NULL,
    sync_status                TEXT NOT NULL,
    sync_error_message         TEXT,
    tags                       TEXT NOT NULL,
    chunk_size                 INTEGER NOT NULL,
    chunk_overlap              INTEGER NOT NULL,
    skip_embedding_generation  INTEGER NOT NULL,
    options                    TEXT NOT NULL,
    sync_root_id               INTEGER REFERENCES sync_roots (id) ON DELETE SET NULL,
    size                       INTEGER,
    etag                       TEXT,
    source_last_modified       INTEGER,
    characters                 INTEGER NOT NULL DEFAULT 0,
    tokens                     INTEGER NOT NULL DEFAULT 0,
    chunks                     INTEGER NOT NULL DEFAULT 0,
    embeddings                 INTEGER NOT NULL DEFAULT 0,
    created_at                 INTEGER NOT NULL,
    updated_at                 INTEGER NOT NULL,
    last_synced_at             INTEGER,
    UNIQUE (data_source_id, bucket, key)
);
CREATE INDEX files_status ON files (sync_status);
CREATE INDEX files_updated ON files (updated_at);
CREATE INDEX files_root ON files (sync_root_id);

CREATE TABLE chunks (
    id            INTEGER PRIMARY KEY,
    file_id       INTEGER NOT NULL REFERENCES files (id) ON DELETE CASCADE,
    chunk_index   INTEGER NOT NULL,
    content       TEXT NOT NULL,
    tokens        INTEGER NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    page          INTEGER,
    embedding     BLOB,
    UNIQUE (file_id, chunk_index)
);

-- The keyword index reads its text from chunks (external content) so the text is stored once;
-- triggers keep it in step, including rows removed by ON DELETE CASCADE.
CREATE VIRTUAL TABLE chunks_fts USING fts5 (content, content = 'chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
",

            // 3: auto-sync: a setting per customer (ids compared without regard to case), per data
            // source when it last ran and who holds it now (a lease, so two overlapping runs never
            // sync the same data source), and the objects whose files the user removed.
            @"
CREATE TABLE auto_sync_settings (
    customer_id      TEXT PRIMARY KEY COLLATE NOCASE,
    enabled          INTEGER NOT NULL,
    enabled_sources  TEXT NOT NULL,
    interval_hours   INTEGER NOT NULL,
    last_run_at      INTEGER,
    next_run_at      INTEGER,
    updated_at       INTEGER NOT NULL
);
ALTER TABLE data_sources ADD COLUMN auto_synced_at INTEGER;
ALTER TABLE data_sources ADD COLUMN lease_owner TEXT;
ALTER TABLE data_sources ADD COLUMN lease_until INTEGER;

-- Objects whose file the user removed: auto-sync does not bring them back under a bucket or
-- prefix synced whole, until the user syncs the object again.
CREATE TABLE removed_objects (
    data_source_id  INTEGER NOT NULL REFERENCES data_sources (id) ON DELETE CASCADE,
    bucket          TEXT NOT NULL,
    key             TEXT NOT NULL,
    removed_at      INTEGER NOT NULL,
    PRIMARY KEY (data_source_id, bucket, key)
);
",

            // 4: a fingerprint of each object's listing entry (ItemFingerprint): a re-sync compares a
            // listing page with the store by one sum over the page's key range instead of reading its
            // rows. Items from before have none until a re-sync compares their page row by row.
            @"
ALTER TABLE items ADD COLUMN fingerprint INTEGER;
",

            // 5: the bucket items of a data source, on their own. Without this index, finding a data
            // source's few buckets (every items sync does, first) visited every object item it has,
            // in last_modified order through items_last_modified: one random page read per object.
            @"
CREATE INDEX items_buckets ON items (data_source_id, bucket) WHERE kind = 0;
",

            // 6: every format the mission names. A file's media type (Carbon's media_type) and what the
            // file says about itself (page count, dimensions, duration …) as a JSON object; where a
            // chunk of a recording starts and ends; and the one transcription service for audio and
            // video, which records where its API key comes from, never the key. Files from before
            // take their media type from their format.
            @"
ALTER TABLE files ADD COLUMN media_type TEXT NOT NULL DEFAULT 'TEXT';
ALTER TABLE files ADD COLUMN metadata TEXT NOT NULL DEFAULT '{}';
UPDATE files SET media_type = CASE
    WHEN file_format IN ('JPG', 'PNG', 'GIF', 'BMP', 'TIFF', 'WEBP') THEN 'IMAGE'
    WHEN file_format IN ('MP3', 'MP2', 'MPGA', 'AAC', 'WAV', 'FLAC', 'M4A', 'OGG', 'OGA', 'OPUS', 'WMA', 'PCM') THEN 'AUDIO'
    WHEN file_format IN ('MP4', 'M4V', 'MOV', 'MPEG', 'MPG', 'WEBM', 'MKV', 'AVI') THEN 'VIDEO'
    ELSE 'TEXT' END;

ALTER TABLE chunks ADD COLUMN start_time_ms INTEGER;
ALTER TABLE chunks ADD COLUMN end_time_ms INTEGER;

CREATE TABLE transcription_service (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    provider          TEXT NOT NULL,
    endpoint          TEXT NOT NULL,
    model             TEXT NOT NULL,
    key_source        TEXT NOT NULL,
    key_name          TEXT,
    key_vault         TEXT,
    max_upload_bytes  INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
",

            // 7: embeddings. A chunk's vector sits in its own table (only the vector index reads it: a
            // scan reads vectors, not chunk text) with the model that made it, so a change of model shows
            // which files carry vectors of another one and search compares only vectors of one model.
            // The generation changes with every vector added or removed: a process's in-memory copy of
            // the vectors knows from one read whether it is still current. Settings hold the embedding
            // model and the rerank service (never a key).
            @"
ALTER TABLE files ADD COLUMN embedding_model TEXT;
CREATE TABLE chunk_vectors (
    chunk_id  INTEGER PRIMARY KEY REFERENCES chunks (id) ON DELETE CASCADE,
    model     TEXT NOT NULL,
    vector    BLOB NOT NULL
);
CREATE INDEX chunk_vectors_model ON chunk_vectors (model);
CREATE TABLE vector_generation (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    store_id    TEXT NOT NULL,
    generation  INTEGER NOT NULL
);
INSERT INTO vector_generation (id, store_id, generation) VALUES (1, lower(hex(randomblob(16))), 0);
CREATE TRIGGER chunk_vectors_added AFTER INSERT ON chunk_vectors BEGIN
    UPDATE vector_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TRIGGER chunk_vectors_removed AFTER DELETE ON chunk_vectors BEGIN
    UPDATE vector_generation SET generation = generation + 1 WHERE id = 1;
END;
CREATE TABLE settings (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
",

            // 8: English stemming in the keyword index ("running" finds "runs", "invoice" finds "invoices"): the
            // same one index, tokenized by porter over unicode61, so indexing costs one pass as before. Search
            // ranks chunks holding the words exactly as typed first (ChunkSearch). The index is rebuilt from
            // the chunks' stored text; nothing else changes.
            @"
DROP TRIGGER chunks_fts_insert;
DROP TRIGGER chunks_fts_delete;
DROP TABLE chunks_fts;
CREATE VIRTUAL TABLE chunks_fts USING fts5 (content, content = 'chunks', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
INSERT INTO chunks_fts (chunks_fts) VALUES ('rebuild');
",
        };
    }
}
