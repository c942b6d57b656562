delete from staging.versions;
delete from staging.related;
delete from staging.rejects;
delete from staging.load_state;
delete from staging.reparse_pages;
