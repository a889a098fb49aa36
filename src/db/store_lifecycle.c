/* store_lifecycle.c - re-check draws and reviews through the server's functions. */
#include "onedoor/store_lifecycle.h"

#include <stddef.h>

/* The month arrives as YYYY-MM: the first of it is the date. */
static const char draw_read_sql[] =
	"SELECT d.id, to_char(d.month, 'YYYY-MM') AS month, d.percent::text AS percent, d.seed, "
	"       cardinality(d.population) AS population_size, "
	"       array_to_string(d.drawn, ' ') AS drawn, "
	"       array_to_string(onedoor.recheck_pick(d.population, d.percent, d.seed), ' ') "
	"         AS redrawn, d.drawn_by, "
	"       to_char(d.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS') AS at "
	"FROM onedoor.recheck_draws d "
	"WHERE d.month = to_date($1 || '-01', 'YYYY-MM-DD') "
	"  AND d.county = (onedoor.current_staff()).county";

enum od_status lifecycle_recheck_draw(struct db *db, const char *request_id, const char *month,
				      const char *percent, const char *seed,
				      struct db_result **out, struct diag *d)
{
	const char *params[] = {request_id, month, percent, seed};
	enum od_status st = db_exec(db,
				    "SELECT onedoor.recheck_draw($1::uuid, "
				    "to_date($2 || '-01', 'YYYY-MM-DD'), $3::numeric, $4)",
				    4, params, NULL, d);
	if (st != OD_OK)
		return st;
	return lifecycle_recheck_draw_read(db, month, out, d);
}

enum od_status lifecycle_recheck_draw_read(struct db *db, const char *month,
					   struct db_result **out, struct diag *d)
{
	const char *params[] = {month};
	return db_exec(db, draw_read_sql, 1, params, out, d);
}

enum od_status lifecycle_reviews_generate(struct db *db, const char *request_id, const char *month,
					  struct db_result **out, struct diag *d)
{
	const char *params[] = {request_id, month};
	return db_exec(db,
		       "SELECT opened, due FROM onedoor.reviews_generate($1::uuid, "
		       "to_date($2 || '-01', 'YYYY-MM-DD'))",
		       2, params, out, d);
}

enum od_status lifecycle_reviews_from_data(struct db *db, const char *request_id,
					   const char *since, struct db_result **out,
					   struct diag *d)
{
	const char *params[] = {request_id, since};
	return db_exec(db,
		       "SELECT checked, opened FROM onedoor.reviews_from_data($1::uuid, $2::date)", 2,
		       params, out, d);
}
