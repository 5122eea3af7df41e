-- The identifiers of each supplier in other registers, kept with its current score like its name and
-- country: the supplier list filters by them (GET /v1/suppliers?identifier=) and the risk document
-- shows them, both without reading the graph. os_id, lei_id and duns_id are stored as ingest
-- normalised them (upper case, no separators); registration_id as the auditor wrote it. Rows written
-- before this migration have none until they are next written (the tenant's next full rescoring, the
-- first after a restart, writes every row).
alter table supplier_scores
  add column os_id text,
  add column lei_id text,
  add column duns_id text,
  add column registration_id text;

-- Most suppliers have none of them: partial indexes stay small and cost a save little.
create index supplier_scores_by_os_id on supplier_scores (tenant_id, os_id) where os_id is not null;
create index supplier_scores_by_lei_id on supplier_scores (tenant_id, lei_id) where lei_id is not null;
create index supplier_scores_by_duns_id on supplier_scores (tenant_id, duns_id) where duns_id is not null;
create index supplier_scores_by_registration_id on supplier_scores (tenant_id, upper(registration_id))
  where registration_id is not null;

-- The view gains the columns at its end (create or replace keeps the earlier ones as they are).
create or replace view current_scores as
  select s.tenant_id, s.supplier_id, s.name, s.country, s.region, s.sector, s.commodities, s.tier,
         s.score, s.band, s.recommendation, s.hard_stop, s.explanation, s.ontology_version,
         st.data_version, s.inputs_hash, st.computed_at,
         s.os_id, s.lei_id, s.duns_id, s.registration_id
    from supplier_scores s join score_state st on st.tenant_id = s.tenant_id;
