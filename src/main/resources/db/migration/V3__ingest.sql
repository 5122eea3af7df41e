-- Ingest load semantics: when an upload stopped being current, and when its graph was purged
-- after the retention period (the row stays, for audit; only the RDF goes).

alter table uploads add column superseded_at timestamptz;
alter table uploads add column purged_at timestamptz;

create index uploads_retention on uploads (superseded_at)
  where superseded_by is not null and graph_iri is not null;
create index uploads_committed on uploads (tenant_id, seq)
  where graph_iri is not null and status in ('scoring', 'succeeded');
