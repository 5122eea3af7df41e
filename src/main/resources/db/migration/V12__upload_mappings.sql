-- Column mappings auditors save once per source system ("our ERP export") and name on each upload
-- with ?mapping=NAME (DESIGN §7), and the mapping each upload job was given, so a queued or
-- recovered job reads its file exactly as it was checked when it was received.
create table upload_mappings (
  tenant_id  text not null references tenants (id),
  name       text not null,
  mapping    jsonb not null,
  key_id     uuid,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, name)
);

alter table uploads add column mapping jsonb;
