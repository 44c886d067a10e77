-- When an object was last written (seconds since 1970, the database's clock): a write of an
-- object that is stored already sets it again. Garbage collection deletes only objects that no
-- peer refers to and that were not written for its grace period, so an object written just before
-- something refers to it is never collected. Objects stored before this column existed count as
-- written now.
ALTER TABLE sm_object ADD COLUMN stored_at BIGINT NOT NULL DEFAULT (UNIX_TIMESTAMP());
