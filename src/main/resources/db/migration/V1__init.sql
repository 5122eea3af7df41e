-- Tenants, API keys, upload jobs and their row errors, current scores, score history,
-- ontology versions and the append-only audit log.

create table tenants (
  id         text primary key,
  name       text not null,
  created_at timestamptz not null default now()
);

create table api_keys (
  id          uuid primary key,
  tenant_id   text not null references tenants (id),
  role        text not null check (role in ('admin', 'compliance', 'auditor', 'ngo-editor', 'viewer')),
  key_hash    bytea not null unique,      -- SHA-256 of the key: keys are 256-bit random, never stored
  key_prefix  text not null,              -- first characters, to recognise a key in listings
  created_at  timestamptz not null default now(),
  expires_at  timestamptz,
  revoked_at  timestamptz
);

create table uploads (
  id              uuid primary key,
  seq             bigserial not null unique,   -- arrival order; a tenant's data version
  tenant_id       text not null references tenants (id),
  kind            text not null,
  mode            text not null default 'merge' check (mode in ('merge', 'replace')),
  dry_run         boolean not null default false,
  status          text not null check (status in ('queued', 'validating', 'loading', 'scoring', 'succeeded', 'failed')),
  graph_iri       text,
  file_name       text,
  sha256          text not null,
  charset         text,                        -- as declared by the client, else detected
  content         bytea,                       -- kept until the job ends, so a crashed job can be redone
  rows_total      integer,
  rows_processed  integer not null default 0,
  idempotency_key text,
  key_id          uuid,
  superseded_by   uuid references uploads (id),   -- set by a later mode=replace upload of the same kind
  created_at      timestamptz not null default now(),
  started_at      timestamptz,
  finished_at     timestamptz,
  unique (tenant_id, idempotency_key)
);
create index uploads_queue on uploads (tenant_id, seq) where status in ('queued', 'validating', 'loading', 'scoring');

create table upload_errors (
  upload_id   uuid not null references uploads (id) on delete cascade,
  ordinal     integer not null,
  severity    text not null default 'error' check (severity in ('error', 'warning')),
  line        bigint not null,
  column_name text,
  code        text not null,
  message     text not null,
  primary key (upload_id, ordinal)
);

create table ontology_versions (
  version      integer primary key,
  sha256       text not null,
  graph_iri    text not null,
  published_at timestamptz not null default now(),
  note         text
);

create table supplier_scores (
  tenant_id        text not null references tenants (id),
  supplier_id      text not null,
  name             text not null,
  country          text,
  region           text,
  sector           text,
  commodities      text[] not null default '{}',
  tier             integer,
  score            integer not null,
  band             text not null,
  recommendation   text not null,
  hard_stop        boolean not null,
  explanation      jsonb not null,
  ontology_version integer not null,
  data_version     bigint not null,
  inputs_hash      text not null,
  computed_at      timestamptz not null,
  primary key (tenant_id, supplier_id)
);
create index supplier_scores_by_score on supplier_scores (tenant_id, score desc, supplier_id);

create table score_snapshots (
  id               bigserial primary key,
  tenant_id        text not null references tenants (id),
  supplier_id      text not null,
  score            integer not null,
  band             text not null,
  recommendation   text not null,
  hard_stop        boolean not null,
  explanation      jsonb not null,
  ontology_version integer not null,
  data_version     bigint not null,
  inputs_hash      text not null,
  computed_at      timestamptz not null
);
create index score_snapshots_by_supplier on score_snapshots (tenant_id, supplier_id, id desc);

create table audit_log (
  id          bigserial primary key,
  tenant_id   text,
  actor_key   uuid,
  action      text not null,
  target      text,
  request_id  text,
  details     jsonb not null default '{}',
  at          timestamptz not null default now()
);

-- The audit trail is evidence: no role can rewrite it, the application's included.
create function audit_log_is_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end $$;
create trigger audit_log_no_update_delete before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_is_append_only();
