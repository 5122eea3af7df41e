-- Instances cache what every request reads (current scores, API keys). These triggers tell every
-- listening instance when such a row changes, whoever changed it: this instance, another one, or an
-- operator with psql. Notifications are sent at commit; identical ones within a transaction are sent
-- once, so a rescoring of 100,000 suppliers sends one per tenant.

create function libertas_scores_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    perform pg_notify('libertas_scores', old.tenant_id);
  else
    perform pg_notify('libertas_scores', new.tenant_id);
  end if;
  return null;
end
$$;

create trigger supplier_scores_changed after insert or update or delete on supplier_scores
  for each row execute function libertas_scores_changed();

create function libertas_keys_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('libertas_keys', '');
  return null;
end
$$;

create trigger api_keys_changed after update or delete on api_keys
  for each statement execute function libertas_keys_changed();
