-- Ontology drafts and published versions with their impact (DESIGN §3 "Versions").

alter table ontology_versions
  add column draft_id uuid,
  add column published_by uuid,
  add column rolled_back_from integer,
  add column rescoring text not null default 'complete' check (rescoring in ('running', 'complete', 'failed'));

create table ontology_drafts (
  id           uuid primary key,
  format       text not null,
  base_version integer not null,
  content      bytea not null,
  valid        boolean not null,
  report       jsonb not null,
  created_by   uuid,
  created_at   timestamptz not null default now(),
  published_as integer
);

-- Suppliers whose band a publication changed (before → after), per tenant.
create table ontology_impacts (
  version      integer not null references ontology_versions (version),
  tenant_id    text not null,
  supplier_id  text not null,
  band_before  text,
  band_after   text not null,
  score_before integer,
  score_after  integer not null,
  primary key (version, tenant_id, supplier_id)
);
