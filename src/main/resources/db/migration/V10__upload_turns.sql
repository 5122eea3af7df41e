-- Upload jobs are claimed tenants in turn: the tenant whose last job started longest ago first.
-- This index answers "when did this tenant's last job start" with one probe per candidate.
create index uploads_tenant_started on uploads (tenant_id, started_at);
