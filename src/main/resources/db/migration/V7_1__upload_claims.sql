-- Several instances share the queue: which instance claimed a job (its liveness is a PostgreSQL
-- advisory lock it holds while it runs, so start-up recovers only the jobs of instances that are
-- gone), and how many times a job was claimed (1 unless an instance died while running it).
alter table uploads add column claimed_by uuid;
alter table uploads add column claims integer not null default 0;
