-- Context and evidence beside the score, the recommendation from the decision table and the
-- due-diligence work queue (DESIGN §4, 2026-12). The dimensions' scores, factors, the coverage and
-- the recommendation's row are in the explanation; the columns here are what the supplier list
-- filters by (?contextBand=, ?evidenceBand=) and what GET /v1/priorities orders by. Rows written
-- before this migration have none until they are next written (the tenant's next full rescoring,
-- the first after a restart, writes every row).
alter table supplier_scores
  add column context_band text,
  add column evidence_band text,
  add column priority double precision;

create index supplier_scores_by_priority on supplier_scores (tenant_id, priority desc, supplier_id)
  where priority is not null;

create or replace view current_scores as
  select s.tenant_id, s.supplier_id, s.name, s.country, s.region, s.sector, s.commodities, s.tier,
         s.score, s.band, s.recommendation, s.hard_stop, s.explanation, s.ontology_version,
         st.data_version, s.inputs_hash, st.computed_at,
         s.os_id, s.lei_id, s.duns_id, s.registration_id,
         s.context_band, s.evidence_band, s.priority
    from supplier_scores s join score_state st on st.tenant_id = s.tenant_id;

-- The legal regimes a tenant says apply to it (codes of lbt:Regime in the ontology). No row: the
-- regimes the ontology marks lbt:appliesByDefault.
create table tenant_regimes (
  tenant_id  text primary key references tenants (id),
  regimes    text[] not null,
  key_id     uuid,
  updated_at timestamptz not null default now()
);
