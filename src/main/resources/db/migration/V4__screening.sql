-- Screening (DESIGN §5): the tenant's current matches, replaced at each rescoring, and reviewers'
-- decisions on them. Reviews are never updated: a later review of the same pair supersedes the
-- earlier one, which stays as history.

create table screening_matches (
  tenant_id     text not null references tenants (id),
  match_id      text not null,               -- hash of tenant, screened IRI and entry IRI: stable
  screened_iri  text not null,
  screened_kind text not null check (screened_kind in ('recruiter', 'supplier')),
  screened_name text not null,
  entry_iri     text not null,
  entry_name    text not null,
  source        text,
  score         double precision not null,
  screened_status text not null check (screened_status in ('match', 'possible')),
  status        text not null check (status in ('match', 'possible', 'confirmed', 'dismissed')),
  reasons       jsonb not null,
  screened_at   timestamptz not null,
  primary key (tenant_id, match_id)
);

create index screening_matches_status on screening_matches (tenant_id, status);

create table screening_reviews (
  id           bigserial primary key,
  tenant_id    text not null references tenants (id),
  screened_iri text not null,
  entry_iri    text not null,
  decision     text not null check (decision in ('confirm', 'dismiss')),
  note         text,
  key_id       uuid,
  request_id   text,
  at           timestamptz not null default now()
);

create index screening_reviews_pair on screening_reviews (tenant_id, screened_iri, entry_iri, at desc, id desc);
