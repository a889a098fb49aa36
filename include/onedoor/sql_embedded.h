/* sql_embedded.h - the SQL under src/sql, compiled into the programs.
 * Migrations are ordered by their file names (NNNN_name.sql). */
#ifndef ONEDOOR_SQL_EMBEDDED_H
#define ONEDOOR_SQL_EMBEDDED_H

struct sql_file {
	const char *name; /* file name without .sql, e.g. "0001_base" */
	const char *text;
};

extern const struct sql_file sql_migrations[];
extern const int sql_migration_count;
extern const char *const sql_demo;
/* The engine's C functions (src/sql/engine.sql), for a superuser session. */
extern const char *const sql_engine;

#endif
