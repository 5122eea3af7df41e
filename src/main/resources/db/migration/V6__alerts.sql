-- Band-change alerts: the webhooks a tenant registered and the log of every delivery attempt.

create table webhooks (
  id          uuid primary key,
  tenant_id   text not null references tenants (id),
  url         text not null,
  -- The HMAC key of the signatures: it must be readable to sign, so it is stored as given.
  secret      text not null,
  key_id      uuid,
  created_at  timestamptz not null default now()
);
create index webhooks_by_tenant on webhooks (tenant_id, created_at);

create table webhook_deliveries (
  id           bigserial primary key,
  webhook_id   uuid not null references webhooks (id) on delete cascade,
  event_id     uuid not null,
  attempt      integer not null,
  status_code  integer,          -- null when no HTTP answer came back
  error        text,             -- why the attempt failed (connection refused, timeout, non-2xx)
  at           timestamptz not null default now()
);
create index webhook_deliveries_by_webhook on webhook_deliveries (webhook_id, id desc);
