delete from staging.versions;
delete from staging.related;
delete from staging.rejects;
delete from staging.load_state;
