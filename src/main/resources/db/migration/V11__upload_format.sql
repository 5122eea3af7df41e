-- An upload is a CSV file or an Excel workbook; for a workbook, the sheet asked for (null: the first).
alter table uploads add column format text not null default 'csv';
alter table uploads add column sheet text;
alter table uploads add constraint uploads_format check (format in ('csv', 'xlsx'));
