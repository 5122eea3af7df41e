-- Compliance (DESIGN §6): decisions on suppliers with the score snapshot they rested on, listing indexes
-- for keys and the audit log, and the audit log's privileges.

-- One function for every append-only table: the message names the table.
create function append_only() returns trigger language plpgsql as $$
begin
  raise exception '% is append-only', tg_table_name;
end $$;

create table decisions (
  id               bigserial primary key,           -- also the listing order (newest first)
  tenant_id        text not null references tenants (id),
  supplier_id      text not null,
  decision         text not null check (decision in ('approve', 'approve-with-conditions', 'reject', 'suspend')),
  rationale        text not null check (char_length(rationale) between 1 and 5000),
  conditions       text,
  key_id           uuid,
  request_id       text,
  -- The score the decision rested on, copied so that the decision explains itself even after rescoring.
  snapshot_id      bigint not null references score_snapshots (id),
  score            integer not null,
  band             text not null,
  recommendation   text not null,
  ontology_version integer not null,
  data_version     bigint not null,
  inputs_hash      text not null,
  at               timestamptz not null default now()
);
create index decisions_by_tenant on decisions (tenant_id, id desc);
create index decisions_by_supplier on decisions (tenant_id, supplier_id, id desc);

-- A decision is evidence like the audit trail: a later decision supersedes, nothing is rewritten.
create trigger decisions_no_update_delete before update or delete on decisions
  for each row execute function append_only();
create trigger decisions_no_truncate before truncate on decisions
  for each statement execute function append_only();

create index audit_log_by_tenant on audit_log (tenant_id, id desc);
create index api_keys_by_tenant on api_keys (tenant_id, created_at);

-- Nobody gets to rewrite the audit trail through a grant. The application connects as the owner in
-- the embedded set-up (an owner's privileges cannot be revoked from itself), so the V1 triggers stay
-- the enforcement; this only closes the door for every other role.
revoke update, delete, truncate on audit_log from public;
revoke update, delete, truncate on decisions from public;
