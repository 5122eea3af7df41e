-- An upload of a workbook that holds several kinds (one sheet per kind) names the sheet of each
-- error and warning; null for a CSV file or a single sheet.
alter table upload_errors add column sheet text;

-- An upload sent without kind whose kind was detected from its header says so.
alter table uploads add column kind_detected boolean not null default false;
