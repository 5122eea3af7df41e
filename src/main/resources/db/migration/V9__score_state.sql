-- Each tenant's scores hold for one data version and one ontology version, stated once per tenant.
-- A rescoring after an upload writes only the rows whose score changed (at 100k suppliers, moving
-- every unchanged row to the new version was an UPDATE of 100,000 rows for a 100-row upload); the
-- other rows hold for the new version as they are, since the rescoring compared them.
-- supplier_scores.data_version and computed_at now say when a row was last written.
create table score_state (
  tenant_id        text primary key references tenants (id),
  data_version     bigint not null,
  ontology_version integer not null,
  computed_at      timestamptz not null
);

insert into score_state (tenant_id, data_version, ontology_version, computed_at)
  select tenant_id, max(data_version), max(ontology_version), max(computed_at)
    from supplier_scores group by tenant_id;

-- What the API reads: each current score with the versions and time its tenant's scores hold for.
create view current_scores as
  select s.tenant_id, s.supplier_id, s.name, s.country, s.region, s.sector, s.commodities, s.tier,
         s.score, s.band, s.recommendation, s.hard_stop, s.explanation, s.ontology_version,
         st.data_version, s.inputs_hash, st.computed_at
    from supplier_scores s join score_state st on st.tenant_id = s.tenant_id;

-- Caches of current scores are dropped when the state moves too (a rescoring may change no row).
create trigger score_state_changed after insert or update or delete on score_state
  for each row execute function libertas_scores_changed();
